using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public static class ResourceStoreServices
{
    /// <summary>
    /// The resource store (sealing secrets with <paramref name="cipher"/>), the allocation store,
    /// and this silo's watch hub (every silo serves list and watch to grains and clients).
    /// </summary>
    public static IServiceCollection AddResourceStore(this IServiceCollection services, string connectionString, ResourceCipher cipher)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(cipher);
        services.AddSingleton<ResourceStore>();
        // Grains list through the silo's watch cache; writes and single reads go to PostgreSQL.
        // Not yet CachedResourceStore: with it, KubectlWorkflowTests.DeleteRemovesObjectsAndTheirDependents
        // hangs (namespace deletion does not finish); see docs/architecture.md, "Watch cache".
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<ResourceStore>());
        services.AddSingleton<AllocationStore>();
        services.AddSingleton<IAllocationStore>(sp => sp.GetRequiredService<AllocationStore>());
        services.AddSingleton(sp => new WatchCache(sp.GetRequiredService<ResourceStore>()));
        services.AddSingleton<ResourceWatchHub>();
        services.AddHostedService<WatchHubService>();
        return services;
    }
}
