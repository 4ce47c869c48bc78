using Orleans.Kube.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Orleans.Kube.Foundation.Tests.PostgresFixture))]
// Each test runs several silo processes; on a small machine they are steadier one test at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Orleans.Kube.Foundation.Tests;

/// <summary>One throwaway PostgreSQL for the whole test assembly; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    public PostgresServer Server => server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
    }
}
