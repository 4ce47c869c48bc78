using System.Net;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy;

/// <summary>
/// What the cluster DNS answers for names under the cluster domain, after kube's DNS
/// specification (CoreDNS's kubernetes plugin): svc.ns.svc.DOMAIN is the ClusterIP, or the ready
/// endpoints of a headless service; host.svc.ns.svc.DOMAIN is an endpoint with that hostname;
/// _port._proto.svc.ns.svc.DOMAIN is an SRV record per named port; a-b-c-d.ns.pod.DOMAIN is the
/// dashed IP. Unknown cluster names are NXDOMAIN; names outside the domain are not answered here.
/// </summary>
public static class ClusterDnsAnswers
{
    public const int Ttl = 5;

    /// <summary>The response, or null when the name is not the cluster's (the caller forwards it).</summary>
    public static DnsMessage? Answer(DnsMessage query, ClusterSnapshot snapshot, string domain)
    {
        if (query.Questions.Count != 1)
            return null;
        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.').ToLowerInvariant();
        var suffix = "." + domain.Trim('.').ToLowerInvariant();
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
            return null;
        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.IsRecursionAllowed = true;
        var records = Records(name[..^suffix.Length].Split('.'), question, snapshot, domain.Trim('.').ToLowerInvariant());
        if (records is null)
            response.ReturnCode = ReturnCode.NxDomain;
        else
            response.AnswerRecords.AddRange(records.Where(r => r.RecordType == question.RecordType || question.RecordType == RecordType.Any));
        return response;
    }

    /// <summary>The records a name has (of any type); null when it does not exist.</summary>
    private static List<DnsRecordBase>? Records(string[] labels, DnsQuestion question, ClusterSnapshot snapshot, string domain)
    {
        var owner = question.Name;
        switch (labels)
        {
            case [var svc, var ns, "svc"] when snapshot.Service(ns, svc) is { } service:
                return ServiceRecords(owner, service, snapshot);
            case [var host, var svc, var ns, "svc"] when snapshot.Service(ns, svc) is not null:
                var addresses = snapshot.Endpoints(ns, svc).Where(e => e.GetString("hostname") == host || Dashed(e) == host)
                    .SelectMany(ClusterSnapshot.Addresses).ToList();
                return addresses.Count == 0 ? null : addresses.Select(a => (DnsRecordBase)new ARecord(owner, Ttl, a)).ToList();
            case [var port, var protocol, var svc, var ns, "svc"] when port.StartsWith('_') && protocol.StartsWith('_') && snapshot.Service(ns, svc) is { } service:
                return SrvRecords(owner, service, port[1..], protocol[1..], domain);
            case [var dashed, _, "pod"] when IPAddress.TryParse(dashed.Replace('-', '.'), out var ip):
                return [new ARecord(owner, Ttl, ip)];
            case [var ns, "svc" or "pod"] when snapshot.Services.Keys.Any(k => k.Namespace == ns):
            case ["svc" or "pod"]:
                // Namespaces (those with services) and the zones exist but hold no addresses.
                return [];
            default:
                return null;
        }
    }

    private static List<DnsRecordBase> ServiceRecords(DomainName owner, JsonObject service, ClusterSnapshot snapshot)
    {
        var spec = service["spec"];
        if (spec.GetString("type") == "ExternalName" && spec.GetString("externalName") is { Length: > 0 } external)
            return [new CNameRecord(owner, Ttl, DomainName.Parse(external))];
        if (IPAddress.TryParse(spec.GetString("clusterIP") ?? "", out var clusterIp))
            return [new ARecord(owner, Ttl, clusterIp)];
        // Headless: every ready endpoint.
        return snapshot.Endpoints(service.Namespace()!, service.Name()!).Where(ClusterSnapshot.IsReady)
            .SelectMany(ClusterSnapshot.Addresses).Distinct()
            .Select(a => (DnsRecordBase)new ARecord(owner, Ttl, a)).ToList();
    }

    private static List<DnsRecordBase>? SrvRecords(DomainName owner, JsonObject service, string portName, string protocol, string domain)
    {
        var port = (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p =>
            string.Equals(p.GetString("name"), portName, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(p.GetString("protocol") ?? "TCP", protocol, StringComparison.OrdinalIgnoreCase));
        if (port?["port"]?.GetValue<int>() is not { } number)
            return null;
        var target = DomainName.Parse($"{service.Name()}.{service.Namespace()}.svc.{domain}");
        return [new SrvRecord(owner, Ttl, 0, 100, (ushort)number, target)];
    }

    private static string Dashed(JsonObject endpoint) =>
        ClusterSnapshot.Addresses(endpoint).FirstOrDefault()?.ToString().Replace('.', '-') ?? "";
}
