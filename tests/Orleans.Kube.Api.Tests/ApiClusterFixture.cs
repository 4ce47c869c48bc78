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

    /// <summary>Bearer tokens of the silo's static token file (kube's --token-auth-file): user name to token.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; } = new Dictionary<string, string> { ["alice"] = $"alice-{Guid.NewGuid():N}" };

    /// <summary>The silo's audit log (audit.k8s.io/v1 Event lines).</summary>
    public string AuditLogPath { get; } = Path.Combine(Path.GetTempPath(), $"okube-audit-{Guid.NewGuid():N}.log");

    public async ValueTask InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync("api");
        var tokenFile = Path.Combine(Path.GetTempPath(), $"okube-tokens-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(tokenFile, Tokens.Select(t => $"{t.Value},{t.Key},uid-{t.Key},\"devs\""));
        Silo = SiloProcess.Start(Database, "api-node", "api,worker", "--token-auth-file", tokenFile, "--audit-log-path", AuditLogPath);
        await Silo.WaitReadyAsync();
        Kubectl = new Kubectl(Silo.HttpUrl);
        // The system namespaces are created just after start-up.
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "namespace", "default")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "namespace default");
    }

    /// <summary>A fresh database on the fixture's PostgreSQL, for a test that needs a silo of its own.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => postgres!.CreateDatabaseAsync(prefix);

    public async ValueTask DisposeAsync()
    {
        Kubectl?.Dispose();
        if (Silo is not null)
            await Silo.DisposeAsync();
        if (postgres is not null)
            await postgres.DisposeAsync();
    }
}
