using Npgsql;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Sdk;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>Real silo processes on loopback, a real PostgreSQL: membership, storage and reminders survive kill -9.</summary>
[Trait("Category", "Cluster")]
public sealed partial class ClusterFoundationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> silos = [];
    private string database = "";

    public async ValueTask InitializeAsync() => database = await postgres.Server.CreateDatabaseAsync("foundation");

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in silos)
            await silo.DisposeAsync();
    }

    [Fact]
    public async Task TwoSilosFormOneClusterThatOneClientReachesOnBothSilos()
    {
        var (a, b) = await StartTwoSilosAsync();

        var active = await ActiveSiloNamesAsync();
        Assert.Equal([a.Name, b.Name], active.Order());

        await using var client = await OKubeClient.ConnectAsync(database, OKubeClientCredentials.FromPkiDirectory(ClusterCredentials.PkiDir), cancellationToken: TestContext.Current.CancellationToken);
        var hosts = new HashSet<string>();
        for (var i = 0; i < 200 && hosts.Count < 2; i++)
            hosts.Add((await client.Grains.GetGrain<ISelfCheckGrain>($"spread-{i}").Read()).HostSilo);
        Assert.Equal([a.Name, b.Name], hosts.Order());
    }

    [Fact]
    public async Task GrainStateSurvivesKillingItsHostSilo()
    {
        var (a, b) = await StartTwoSilosAsync();
        await using var client = await OKubeClient.ConnectAsync(database, OKubeClientCredentials.FromPkiDirectory(ClusterCredentials.PkiDir), cancellationToken: TestContext.Current.CancellationToken);
        var grain = client.Grains.GetGrain<ISelfCheckGrain>("durable");

        var written = await grain.Write("acknowledged-value");
        var (victim, survivor) = written.HostSilo == a.Name ? (a, b) : (b, a);
        victim.Kill();

        var after = await Poll.UntilAsync(() => grain.Read(), r => r.HostSilo == survivor.Name, Recovery,
            "the grain to reactivate on the surviving silo");
        Assert.Equal("acknowledged-value", after.Value);
    }

    [Fact]
    public async Task ReminderFiresAfterItsGrainsHostSiloIsKilled()
    {
        var (a, b) = await StartTwoSilosAsync();
        await using var client = await OKubeClient.ConnectAsync(database, OKubeClientCredentials.FromPkiDirectory(ClusterCredentials.PkiDir), cancellationToken: TestContext.Current.CancellationToken);
        var grain = client.Grains.GetGrain<ISelfCheckGrain>("reminded");

        var host = (await grain.Write("armed")).HostSilo;
        await grain.ArmReminder(TimeSpan.FromSeconds(10));
        var (victim, survivor) = host == a.Name ? (a, b) : (b, a);
        victim.Kill();

        var fired = await Poll.UntilAsync(() => grain.Read(), r => r.ReminderFirings > 0, Recovery,
            "the reminder to fire on the surviving silo", TimeSpan.FromSeconds(1));
        Assert.Equal(survivor.Name, fired.LastReminderSilo);
        Assert.Equal(1, fired.ReminderFirings);
    }

    [Fact]
    public async Task StartupWithUnreachablePostgresFailsFastWithAClearMessage()
    {
        var closedPort = FreePort.Next();
        var silo = Track(SiloProcess.Start($"Host=127.0.0.1;Port={closedPort};Username=okube;Database=okube", "lonely"));

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"cannot start: PostgreSQL at 127.0.0.1:{closedPort}/okube is not usable", silo.Output);
        Assert.DoesNotContain("   at ", silo.Output); // no stack trace
    }

    private async Task<(SiloProcess A, SiloProcess B)> StartTwoSilosAsync()
    {
        var a = Track(SiloProcess.Start(database, "node-a", "api,worker"));
        var b = Track(SiloProcess.Start(database, "node-b", "worker"));
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());
        return (a, b);
    }

    private SiloProcess Track(SiloProcess silo)
    {
        silos.Add(silo);
        return silo;
    }

    private async Task<List<string>> ActiveSiloNamesAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_name FROM okube_membership WHERE status = 3", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }
}
