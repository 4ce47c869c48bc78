using Orleans.Kube.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Orleans.Kube.Api.Tests.ApiClusterFixture))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Orleans.Kube.Api.Tests;

/// <summary>One PostgreSQL and one api+worker silo for every API test; tests use their own namespaces.</summary>
public sealed class ApiClusterFixture : IAsyncLifetime
{
    private PostgresServer? postgres;

    public SiloProcess Silo { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    public string Database { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync("api");
        Silo = SiloProcess.Start(Database, "api-node");
        await Silo.WaitReadyAsync();
        Kubectl = new Kubectl(Silo.HttpUrl);
        // The system namespaces are created just after start-up.
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "namespace", "default")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "namespace default");
    }

    public async ValueTask DisposeAsync()
    {
        Kubectl?.Dispose();
        if (Silo is not null)
            await Silo.DisposeAsync();
        if (postgres is not null)
            await postgres.DisposeAsync();
    }
}
