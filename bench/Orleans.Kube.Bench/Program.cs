using Orleans.Kube.Bench;
using Orleans.Kube.Runtime;

// okube-bench SCENARIO [--replicas N[,N...]] [--reps N] [--systems ours,swarm,raw] [--server URL] [--n N]
//                      [--workload quiet|busy] [--raw-parallelism N] [--agent-parallelism N]
//   api-latency     sequential GET and CREATE against the API (p50/p99; --n requests each)
//   startup         N replicas from submit to all running (default N = 10,50,100)
//   scale           N -> 1.5 N (default N = 100)
//   rolling-update  N replicas to another image, 10 at a time
//   replace         one of N containers killed with docker kill, until its replacement runs
//   delete          N replicas deleted, until no container remains
//   all             every scenario above but api-latency, with its default N unless --replicas
//   proxy           latency and throughput through a ClusterIP next to a direct connection to a pod
//   control-plane   its own cluster of N simulated nodes: scheduling throughput, silo RSS, concurrent API latency
//                   [--nodes N] [--pods N] [--clients N] [--n N] [--heartbeat S] [--fsync on]
//   scheduler       the scheduler's ceiling: pods created before any node, then N API-created nodes (no agents)
//                   [--nodes N[,N...]] [--pods N] [--clients N] [--fsync on]; the in-process algorithm alone next to it
//   store-writes    the resource store's raw write ceiling, fsync on and off [--writers N[,N...]] [--seconds S]
//   metrics-cost    silo CPU of resource metrics sampling per 100 pods, simulated nodes [--nodes N] [--pods N]
//   cluster-tls     grain call round trip with and without silo/gateway mutual TLS (--n calls each)
// Without --server the bench starts its own silo on a throwaway PostgreSQL. Swarm and raw run on
// the same Engine, alternating with ours; run through `./okube bench`, which prepares the images.
var scenario = args.FirstOrDefault() ?? "";
string? Option(string name)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
var server = Option("server");
var repetitions = int.Parse(Option("reps") ?? "3");
var systems = (Option("systems") ?? "ours,swarm,raw").Split(',');
int[]? replicas = Option("replicas")?.Split(',').Select(int.Parse).ToArray();
Workload.Use(Option("workload") ?? "quiet");
Workload.RawParallelism = int.Parse(Option("raw-parallelism") ?? "8");

var scenarios = scenario == "all" ? Scenario.All : Scenario.All.Where(s => s.Name == scenario).ToList();
if (scenario == "control-plane")
{
    await Scale.RunAsync(int.Parse(Option("nodes") ?? "1000"), int.Parse(Option("pods") ?? "10000"), int.Parse(Option("clients") ?? "8"),
        int.Parse(Option("n") ?? "1000"), double.Parse(Option("heartbeat") ?? "10", System.Globalization.CultureInfo.InvariantCulture), Option("fsync") == "on");
    return 0;
}
if (scenario == "scheduler")
{
    await SchedulerCeiling.RunAsync((Option("nodes") ?? "1000,5000").Split(',').Select(int.Parse).ToArray(),
        int.Parse(Option("pods") ?? "5000"), int.Parse(Option("clients") ?? "8"), Option("fsync") == "on");
    return 0;
}
if (scenario == "store-writes")
{
    await StoreCeiling.RunAsync((Option("writers") ?? "1,8,64").Split(',').Select(int.Parse).ToArray(),
        TimeSpan.FromSeconds(int.Parse(Option("seconds") ?? "5")));
    return 0;
}
if (scenario == "metrics-cost")
{
    await MetricsCost.RunAsync(int.Parse(Option("nodes") ?? "20"), int.Parse(Option("pods") ?? "500"));
    return 0;
}
if (scenario == "cluster-tls")
{
    await ClusterTlsCost.RunAsync(int.Parse(Option("n") ?? "5000"));
    return 0;
}
if (scenario is not ("api-latency" or "api-security" or "proxy") && scenarios.Count == 0)
{
    Console.Error.WriteLine("usage: okube-bench api-latency|api-security|proxy|control-plane|scheduler|store-writes|metrics-cost|cluster-tls|startup|scale|rolling-update|replace|delete|all [--replicas N[,N...]] [--reps N] [--systems ours,swarm,raw] [--server URL] [--n N] [--transfers N] [--workload quiet|busy]");
    return 2;
}

if (scenario == "api-latency")
{
    await using var api = await BenchCluster.StartAsync(server);
    await ApiLatency.RunAsync(api.Api, int.Parse(Option("n") ?? "1000"));
    return 0;
}
if (scenario == "api-security")
{
    await SecurityLatency.RunAsync(int.Parse(Option("n") ?? "1000"));
    return 0;
}
if (scenario == "proxy")
{
    await using var api = await BenchCluster.StartAsync(server);
    await ProxyOverhead.RunAsync(api.Api, int.Parse(Option("n") ?? "1000"), int.Parse(Option("transfers") ?? "200"));
    return 0;
}

// Our cluster only when ours is measured: a Swarm/raw-only run leaves the machine quieter.
string[] agentArgs = Option("agent-parallelism") is { } parallelism ? ["--Node:EngineParallelism", parallelism] : [];
await using var cluster = systems.Contains("ours") ? await BenchCluster.StartAsync(server, agentArgs) : null;

using var runtime = new DockerContainerRuntime();
using var engine = new Engine();
await LocalRegistry.CheckAsync(runtime);
await using var swarm = systems.Contains("swarm") ? await SwarmMode.EnsureAsync() : null;
var contenders = systems.Select(name => name switch
{
    "ours" => (Contender)new OursContender(engine, cluster!.Kubectl, cluster.Api),
    "swarm" => new SwarmContender(engine),
    "raw" => new RawContender(engine, runtime),
    _ => throw new ArgumentException($"unknown system {name}; use ours, swarm, raw"),
}).ToList();

foreach (var s in scenarios)
    foreach (var n in replicas ?? (s.Name == "startup" ? [10, 50, 100] : [100]))
        await ScenarioRunner.RunAsync(s, n, repetitions, contenders);
return 0;
