using Orleans.Configuration;
using Orleans.Kube.Grains;
using Orleans.Kube.Grains.Placement;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Store;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;

namespace Orleans.Kube.Silo;

internal static class OrleansSetup
{
    private const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, SiloSettings settings)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
        silo.Configure<SiloOptions>(o => o.SiloName = settings.NodeName);
        silo.ConfigureEndpoints(settings.BindAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);

        var database = PostgresPools.Capped(settings.PostgresConnectionString, PostgresPools.Orleans);
        silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = database; });
        silo.AddAdoNetGrainStorage(StorageNames.Default, o => { o.Invariant = Invariant; o.ConnectionString = database; });
        silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = database; });
        // Chosen before any data exists: the default Newtonsoft storage format cannot read k8s models back.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.AddSerializer(s => s.AddKubeModels());

        silo.AddPlacementDirector<NodePinnedPlacement, NodePinnedPlacementDirector>();
        silo.AddPlacementDirector<AwayFromNodePlacement, AwayFromNodePlacementDirector>();
        // Every silo answers metadata queries; a worker hosting simulated nodes names them there,
        // so their agents' placement finds it.
        var simulated = settings.HasRole(SiloRoles.Worker)
            ? silo.Configuration.GetSection("Node:Simulated").Get<SimulatedNodesOptions>() ?? new()
            : new SimulatedNodesOptions();
        silo.UseSiloMetadata(simulated.Metadata());

        var timings = settings.Membership;
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(timings.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = timings.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = timings.NumVotesForDeathDeclaration;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(timings.TableRefreshTimeoutSeconds);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(timings.IAmAliveTablePublishTimeoutSeconds);
        });
    }
}
