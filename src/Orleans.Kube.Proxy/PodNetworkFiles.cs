using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy;

/// <summary>The /etc/hosts and /etc/resolv.conf kubelet writes for a pod, bind-mounted into each of its containers.</summary>
public static class PodNetworkFiles
{
    /// <summary>The pod's hostname: spec.hostname, else its name (at most 63 characters, as a DNS label).</summary>
    public static string Hostname(JsonObject pod)
    {
        var name = pod["spec"].GetString("hostname") is { Length: > 0 } hostname ? hostname : pod.Name()!;
        return name.Length > 63 ? name[..63].TrimEnd('-', '.') : name;
    }

    public static string Hosts(JsonObject pod, string podIp, string clusterDomain)
    {
        var text = new StringBuilder();
        text.Append("# Kubernetes-managed hosts file.\n");
        text.Append("127.0.0.1\tlocalhost\n");
        text.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        text.Append("fe00::0\tip6-localnet\n");
        text.Append("fe00::0\tip6-mcastprefix\n");
        text.Append("fe00::1\tip6-allnodes\n");
        text.Append("fe00::2\tip6-allrouters\n");
        var hostname = Hostname(pod);
        text.Append(pod["spec"].GetString("subdomain") is { Length: > 0 } subdomain
            ? $"{podIp}\t{hostname}.{subdomain}.{pod.Namespace()}.svc.{clusterDomain}\t{hostname}\n"
            : $"{podIp}\t{hostname}\n");
        if (pod["spec"]?["hostAliases"] is JsonArray { Count: > 0 } aliases)
        {
            text.Append("\n# Entries added by HostAliases.\n");
            foreach (var alias in aliases.OfType<JsonObject>())
                text.Append($"{alias.GetString("ip")}\t{string.Join('\t', (alias["hostnames"] as JsonArray)?.Select(h => h?.ToString()) ?? [])}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// ClusterFirst (the default): the cluster DNS with kube's search path and ndots:5. Default: the
    /// node's search path, with the cluster DNS as nameserver (it forwards to the node's resolvers,
    /// which are not reachable from a pod's lo). None: only spec.dnsConfig. dnsConfig is merged in all.
    /// </summary>
    public static string ResolvConf(JsonObject pod, string dnsAddress, string clusterDomain, IReadOnlyList<string> hostSearch)
    {
        var ns = pod.Namespace();
        var policy = pod["spec"].GetString("dnsPolicy") ?? "ClusterFirst";
        List<string> nameservers = policy == "None" ? [] : [dnsAddress];
        List<string> searches = policy switch
        {
            "None" => [],
            "Default" => [.. hostSearch],
            _ => [$"{ns}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain],
        };
        var options = new List<(string Name, string? Value)>();
        if (policy is not ("None" or "Default"))
            options.Add(("ndots", "5"));
        if (pod["spec"]?["dnsConfig"] is JsonObject config)
        {
            nameservers.AddRange((config["nameservers"] as JsonArray)?.Select(n => n!.ToString()) ?? []);
            searches.AddRange((config["searches"] as JsonArray)?.Select(n => n!.ToString()) ?? []);
            foreach (var option in (config["options"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                options.RemoveAll(o => o.Name == option.GetString("name"));
                options.Add((option.GetString("name")!, option.GetString("value")));
            }
        }
        var text = new StringBuilder();
        if (searches.Count > 0)
            text.Append($"search {string.Join(' ', searches.Distinct())}\n");
        foreach (var nameserver in nameservers.Distinct().Take(3))
            text.Append($"nameserver {nameserver}\n");
        if (options.Count > 0)
            text.Append($"options {string.Join(' ', options.Select(o => o.Value is null ? o.Name : $"{o.Name}:{o.Value}"))}\n");
        return text.ToString();
    }

    /// <summary>The search domains of the node's own resolv.conf.</summary>
    public static IReadOnlyList<string> HostSearch() =>
        File.Exists("/etc/resolv.conf")
            ? File.ReadLines("/etc/resolv.conf").Select(l => l.Trim().Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f is ["search", ..]).SelectMany(f => f.Skip(1)).ToList()
            : [];
}
