using System.Diagnostics;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Sdk;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// What Orleans' mutual TLS costs a grain call, in one run: two clusters of two silos each, one with
/// silo and gateway TLS (the default) and one without (Security:ClusterTls=false), and a grain
/// client on each taking turns. The grains' keys spread over both silos, so about half the calls
/// also cross a silo-to-silo connection.
/// </summary>
internal static class ClusterTlsCost
{
    public static async Task RunAsync(int n)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var modes = new[] { ("mutual TLS", true), ("plaintext", false) };
        var silos = new List<SiloProcess>();
        var clients = new List<(string Name, OKubeClient Client)>();
        try
        {
            foreach (var (name, tls) in modes)
            {
                var database = await postgres.CreateDatabaseAsync("tlscost", pooling: true);
                var cluster = $"tlscost-{(tls ? "tls" : "plain")}";
                string[] args = ["--cluster-id", cluster, "--Security:ClusterTls", tls ? "true" : "false"];
                var pair = new[] { SiloProcess.Start(database, $"{cluster}-a", "api", args), SiloProcess.Start(database, $"{cluster}-b", "api", args) };
                silos.AddRange(pair);
                await Task.WhenAll(pair.Select(s => s.WaitReadyAsync()));
                Console.Error.WriteLine($"cluster-tls: {cluster} ready");
                var credentials = tls ? OKubeClientCredentials.FromPkiDirectory(ClusterCredentials.PkiDir) : OKubeClientCredentials.Plaintext;
                clients.Add((name, await OKubeClient.ConnectAsync(database, credentials, clusterId: cluster)));
                Console.Error.WriteLine($"cluster-tls: {cluster} client connected");
            }
            foreach (var (_, client) in clients)
                for (var i = 0; i < 200; i++)
                    await Call(client, i);
            var results = clients.ToDictionary(c => c.Name, _ => new List<double>(n));
            // Round-robin, so a change in the machine's load touches both alike.
            for (var i = 0; i < n; i++)
                foreach (var (name, client) in clients)
                    results[name].Add(await Call(client, i));

            Console.WriteLine($"Grain call round trip (ISelfCheckGrain.Read, 100 keys over 2 silos), {Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}");
            Console.WriteLine("| cluster transport | n | p50 ms | p99 ms | max ms |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, values) in results)
                Console.WriteLine($"| {name} | {n} | {Stats.Percentile(values, 50):0.000} | {Stats.Percentile(values, 99):0.000} | {values.Max():0.000} |");
        }
        finally
        {
            foreach (var (_, client) in clients)
                await client.DisposeAsync();
            foreach (var silo in silos)
                await silo.DisposeAsync();
        }
    }

    private static async Task<double> Call(OKubeClient client, int i)
    {
        var started = Stopwatch.GetTimestamp();
        await client.Grains.GetGrain<ISelfCheckGrain>($"k{i % 100}").Read();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
