using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Options;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

/// <summary>
/// The cluster DNS of a worker silo (CoreDNS's role): answers cluster names from the
/// <see cref="ClusterDirectory"/> and forwards the rest to the upstream resolvers, as CoreDNS's
/// <c>forward . /etc/resolv.conf</c>. The sockets are ARSoft DNS servers opened inside each pod's namespace.
/// </summary>
public sealed class ClusterDns(ClusterDirectory directory, IOptions<NetworkOptions> options)
{
    private readonly Lazy<DnsClient?> upstream = new(() => Upstream(options.Value.DnsUpstreams));

    public async Task HandleAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
            return;
        e.Response = ClusterDnsAnswers.Answer(query, directory.Snapshot, options.Value.ClusterDomain) ?? await ForwardAsync(query);
    }

    private async Task<DnsMessage> ForwardAsync(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        var answer = upstream.Value is { } client && query.Questions.Count == 1
            ? await client.ResolveAsync(query.Questions[0].Name, query.Questions[0].RecordType, query.Questions[0].RecordClass)
            : null;
        if (answer is null)
        {
            response.ReturnCode = ReturnCode.ServerFailure;
            return response;
        }
        response.ReturnCode = answer.ReturnCode;
        response.AnswerRecords.AddRange(answer.AnswerRecords);
        response.AuthorityRecords.AddRange(answer.AuthorityRecords);
        return response;
    }

    /// <summary>The configured upstreams, else the host's nameservers (one port for all, as DnsClient wants).</summary>
    private static DnsClient? Upstream(string configured)
    {
        var endpoints = (configured.Length > 0
                ? configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : HostNameservers())
            .Select(e => IPEndPoint.TryParse(e, out var ep) ? new IPEndPoint(ep.Address, ep.Port == 0 ? 53 : ep.Port) : null)
            .OfType<IPEndPoint>().ToList();
        if (endpoints.Count == 0)
            return null;
        var port = endpoints[0].Port;
        return new DnsClient(endpoints.Select(e => e.Address), [new UdpClientTransport(port), new TcpClientTransport(port)], false, 2000);
    }

    private static IEnumerable<string> HostNameservers() =>
        File.Exists("/etc/resolv.conf")
            ? File.ReadLines("/etc/resolv.conf").Select(l => l.Trim().Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f is ["nameserver", _, ..]).Select(f => f[1])
            : [];
}
