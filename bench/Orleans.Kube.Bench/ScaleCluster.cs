using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// A throwaway cluster for the scale scenarios: a fresh database (on a throwaway PostgreSQL, or on
/// the server OKUBE_TEST_POSTGRES names) and one api+worker silo hosting N simulated nodes.
/// </summary>
internal sealed class ScaleCluster : IAsyncDisposable
{
    private readonly PostgresServer postgres;
    private readonly SiloProcess silo;

    private ScaleCluster(PostgresServer postgres, SiloProcess silo, bool fsync)
    {
        this.postgres = postgres;
        this.silo = silo;
        Fsync = fsync;
    }

    public string Server => silo.HttpUrl;
    public int SiloPid => silo.Pid;
    public bool Fsync { get; }

    /// <param name="roles">"api" for a silo without agents (nodes then come from the API, as kwok's or scheduler_perf's do).</param>
    /// <param name="fsync">PostgreSQL with fsync on, as a user runs it (the tests' server has it off).</param>
    public static async Task<ScaleCluster> StartAsync(int nodes, double heartbeatSeconds, string roles, bool fsync, params string[] extraArgs)
    {
        var postgres = await PostgresServer.StartAsync(fsync);
        // The test helper turns pooling off (so tests can drop databases); a silo under load needs its pool.
        var connection = await postgres.CreateDatabaseAsync("okube_scale", pooling: true);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW fsync", db);
            fsync = (string)(await show.ExecuteScalarAsync())! == "on"; // what the server says, e.g. one OKUBE_TEST_POSTGRES names
        }
        // kube's defaults for a lease: renewed every 10 s, NotReady after 40 s of silence.
        var silo = SiloProcess.Start(connection, "simhost", roles,
        [
            $"--Node:Simulated:Count={nodes}", "--Node:Cpu=4", $"--Node:MemoryBytes={32L << 30}", "--Node:MaxPods=110",
            $"--Nodes:HeartbeatSeconds={heartbeatSeconds}", $"--Nodes:GracePeriodSeconds={heartbeatSeconds * 4}", .. extraArgs,
        ]);
        await silo.WaitReadyAsync();
        return new ScaleCluster(postgres, silo, fsync);
    }

    /// <summary>Waits until <paramref name="count"/> nodes report Ready; returns how long that took.</summary>
    public async Task<TimeSpan> WaitNodesReadyAsync(HttpClient http, int count)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            var nodes = JsonNode.Parse(await http.GetStringAsync("/api/v1/nodes"))!["items"]!.AsArray();
            return nodes.Count(n => n!["status"]?["conditions"]?.AsArray()
                .Any(c => c!["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true);
        }, ready => ready >= count, TimeSpan.FromMinutes(10), $"{count} nodes to be Ready", TimeSpan.FromSeconds(1));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await silo.DisposeAsync();
        await postgres.DisposeAsync();
    }
}
