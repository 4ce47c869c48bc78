using Orleans.Kube.Bench;

// okube-bench SCENARIO [--server URL] [--n N] [--replicas N] [--reps N]
//   api-latency   sequential GET and CREATE against the API (p50/p99)
//   startup       apply a Deployment of N replicas until all Running, next to raw Engine API creates
//   scale         its own cluster of N simulated nodes: scheduling throughput, silo RSS, concurrent API latency
//                 [--nodes N] [--pods N] [--clients N] [--n N] [--heartbeat S]
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
    case "scale":
        await Scale.RunAsync(int.Parse(Option("nodes", "1000")), int.Parse(Option("pods", "10000")), int.Parse(Option("clients", "8")),
            int.Parse(Option("n", "1000")), double.Parse(Option("heartbeat", "10"), System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: okube-bench api-latency|startup|scale [--server URL] [--n N] [--replicas N] [--reps N] [--nodes N] [--pods N] [--clients N] [--heartbeat S]");
        return 2;
}
