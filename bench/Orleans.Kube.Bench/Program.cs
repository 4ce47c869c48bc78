using Orleans.Kube.Bench;

// okube-bench SCENARIO [--server URL] [--n N] [--replicas N] [--reps N]
//   api-latency   sequential GET and CREATE against the API (p50/p99)
//   startup       apply a Deployment of N replicas until all Running, next to raw Engine API creates
//   proxy         latency and throughput through a ClusterIP next to a direct connection to a pod
var scenario = args.FirstOrDefault() ?? "";
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var server = Option("server", "http://127.0.0.1:8001");
switch (scenario)
{
    case "api-latency":
        await ApiLatency.RunAsync(server, int.Parse(Option("n", "1000")));
        return 0;
    case "startup":
        await Startup.RunAsync(server, int.Parse(Option("replicas", "50")), int.Parse(Option("reps", "3")));
        return 0;
    case "proxy":
        await ProxyOverhead.RunAsync(server, int.Parse(Option("n", "1000")), int.Parse(Option("transfers", "200")));
        return 0;
    default:
        Console.Error.WriteLine("usage: okube-bench api-latency|startup|proxy [--server URL] [--n N] [--replicas N] [--reps N] [--transfers N]");
        return 2;
}
