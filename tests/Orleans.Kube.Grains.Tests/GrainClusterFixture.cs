using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Store;
using Orleans.Serialization;
using Orleans.TestingHost;

[assembly: AssemblyFixture(typeof(Orleans.Kube.Grains.Tests.GrainClusterFixture))]

namespace Orleans.Kube.Grains.Tests;

/// <summary>
/// One in-process silo with the real grains on in-memory stores (resources, allocations, grain state,
/// reminders): no PostgreSQL, no Docker, so a controller's behaviour is checked in milliseconds. Tests use
/// their own namespaces.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public InMemoryResourceStore Store { get; } = new();
    public InMemoryAllocationStore Allocations { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
            silo.Services.AddSerializer(s => s.AddKubeModels());
            silo.Services.AddSingleton<IResourceStore>(Store);
            silo.Services.AddSingleton<IAllocationStore>(Allocations);
            silo.Services.AddSingleton<IServiceAccountTokenIssuer>(new FixedTokenIssuer());
            silo.Services.AddClusterNetwork(new ConfigurationBuilder().Build());
            // Short resyncs, so a test can watch a settled controller stop looking within a second.
            silo.Services.Configure<ReconcileOptions>(o => (o.Resync, o.ResyncWindow) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(600)));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
            await Cluster.DisposeAsync();
    }
}
