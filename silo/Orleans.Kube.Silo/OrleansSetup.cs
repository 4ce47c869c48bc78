using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Kube.Api.Security;
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

    public static void Configure(ISiloBuilder silo, SiloSettings settings, ClusterPki pki)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
        silo.Configure<SiloOptions>(o => o.SiloName = settings.NodeName);
        silo.ConfigureEndpoints(settings.BindAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        if (settings.Security.ClusterTls)
            UseClusterTls(silo, pki, settings.NodeName);

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
            o.MaxJoinAttemptTime = TimeSpan.FromSeconds(timings.MaxJoinAttemptTimeSeconds);
        });
    }

    /// <summary>
    /// Mutual TLS on the silo and gateway ports and on outgoing silo connections: each side shows a
    /// cluster-CA certificate, and only silos' and cluster admins' are accepted (a grain client
    /// bypasses RBAC, so it must hold what an admin holds).
    /// </summary>
    private static void UseClusterTls(ISiloBuilder silo, ClusterPki pki, string nodeName)
    {
        var ca = X509CertificateLoader.LoadCertificate(pki.Ca.RawData);
        silo.UseTls(pki.IssueSilo(nodeName), o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = (certificate, _, _) => ClusterPeerCertificates.Accepts(certificate, ca, ClusterPeerCertificates.SiloAccepts);
        });
    }
}
