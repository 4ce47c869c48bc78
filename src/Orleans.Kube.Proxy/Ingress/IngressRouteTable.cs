using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Kinds;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>A Service port an Ingress sends traffic to (the port by number or by name).</summary>
public sealed record IngressBackend(string Namespace, string Service, string Port);

/// <summary>What a request matched: where it goes, the path that matched (for rewrites) and its Ingress's options.</summary>
public sealed record IngressMatch(IngressBackend Backend, string MatchedPath, IngressSettings Settings, bool HostHasTls);

/// <summary>
/// The routing of every Ingress of our class, rebuilt whole on each change (requests read whichever table is
/// current, so a change never disturbs one in flight). Precedence as kube documents it: hosts match exactly
/// before a wildcard (<c>*.example.test</c> matches one label), then rules without a host; within a host the
/// longest matching path wins and an Exact path beats a Prefix of the same length (a Prefix matches whole path
/// elements: /api matches /api and /api/x, not /apix; ImplementationSpecific matches as Prefix); older Ingresses
/// win ties. A request no rule matches goes to the oldest spec.defaultBackend, or gets 404.
/// </summary>
public sealed class IngressRouteTable
{
    public static readonly IngressRouteTable Empty = new([], [], [], null, [], []);

    private readonly Dictionary<string, List<Route>> exactHosts;
    private readonly Dictionary<string, List<Route>> wildcardHosts;
    private readonly List<Route> anyHost;
    private readonly IngressMatch? defaultBackend;
    private readonly List<(string Host, string Namespace, string? Secret)> tls;

    private sealed record Route(string Path, bool Exact, IngressMatch Target);

    private IngressRouteTable(Dictionary<string, List<Route>> exactHosts, Dictionary<string, List<Route>> wildcardHosts, List<Route> anyHost,
        IngressMatch? defaultBackend, List<(string, string, string?)> tls, List<JsonObject> served)
    {
        this.exactHosts = exactHosts;
        this.wildcardHosts = wildcardHosts;
        this.anyHost = anyHost;
        this.defaultBackend = defaultBackend;
        this.tls = tls;
        Served = served;
    }

    /// <summary>The Ingresses this proxy serves (their status gets its address).</summary>
    public IReadOnlyList<JsonObject> Served { get; }

    public static IngressRouteTable Build(IEnumerable<JsonObject> ingresses, IEnumerable<JsonObject> classes)
    {
        var classList = classes.ToList();
        var ours = classList.Where(c => c["spec"]?["controller"]?.ToString() == IngressClassKind.Controller).Select(c => c.Name()).ToHashSet();
        var defaultIsOurs = classList.Any(c => ours.Contains(c.Name())
            && ObjectMeta.StringMap(c["metadata"]?["annotations"]).GetValueOrDefault(IngressClassKind.IsDefaultAnnotation) == "true");
        var served = ingresses
            .Where(i => ClassOf(i) is { } name ? ours.Contains(name) : defaultIsOurs)
            .OrderBy(i => i["metadata"]?["creationTimestamp"]?.ToString(), StringComparer.Ordinal)
            .ThenBy(i => $"{i.Namespace()}/{i.Name()}", StringComparer.Ordinal)
            .ToList();

        var exact = new Dictionary<string, List<Route>>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, List<Route>>(StringComparer.OrdinalIgnoreCase);
        var any = new List<Route>();
        var tls = new List<(string, string, string?)>();
        IngressMatch? fallback = null;
        foreach (var ingress in served)
        {
            var ns = ingress.Namespace() ?? "default";
            var settings = IngressSettings.From(ObjectMeta.StringMap(ingress["metadata"]?["annotations"]));
            var spec = ingress["spec"] as JsonObject;
            var tlsHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var ruleHosts = (spec?["rules"] as JsonArray)?.OfType<JsonObject>().Select(r => r["host"]?.ToString()).OfType<string>().ToList() ?? [];
            foreach (var entry in (spec?["tls"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var hosts = (entry["hosts"] as JsonArray)?.Select(h => h?.ToString()).OfType<string>().ToList() ?? [];
                // A TLS entry without hosts covers the Ingress's own hosts.
                foreach (var host in hosts.Count > 0 ? hosts : ruleHosts)
                {
                    tls.Add((host, ns, entry["secretName"]?.ToString()));
                    tlsHosts.Add(host);
                }
            }
            if (fallback is null && Backend(ns, spec?["defaultBackend"]) is { } defaultTarget)
                fallback = new IngressMatch(defaultTarget, "/", settings, false);
            foreach (var rule in (spec?["rules"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var host = rule["host"]?.ToString() ?? "";
                var routes = host.Length == 0 ? any
                    : host.StartsWith("*.", StringComparison.Ordinal) ? ListFor(wildcard, host[1..])
                    : ListFor(exact, host);
                foreach (var path in (rule["http"]?["paths"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    if (Backend(ns, path["backend"]) is { } backend)
                        routes.Add(new Route(
                            path["path"]?.ToString() is { Length: > 0 } p ? p : "/",
                            path["pathType"]?.ToString() == "Exact",
                            new IngressMatch(backend, "", settings, host.Length > 0 && tlsHosts.Contains(host))));
            }
        }
        foreach (var routes in exact.Values.Concat(wildcard.Values).Append(any))
            Order(routes);
        return new IngressRouteTable(exact, wildcard, any, fallback, tls, served);
    }

    /// <summary>Where a request for <paramref name="host"/> (no port) and <paramref name="path"/> goes; null for a 404.</summary>
    public IngressMatch? Match(string host, string path)
    {
        if (exactHosts.TryGetValue(host, out var routes) && Find(routes, path) is { } exactMatch)
            return exactMatch;
        var dot = host.IndexOf('.');
        if (dot > 0 && wildcardHosts.TryGetValue(host[dot..], out routes) && Find(routes, path) is { } wildcardMatch)
            return wildcardMatch;
        return Find(anyHost, path) ?? defaultBackend;
    }

    /// <summary>The Secret (namespace, name) that holds the certificate for <paramref name="host"/>; null when none does.</summary>
    public (string Namespace, string Name)? CertificateFor(string host)
    {
        var dot = host.IndexOf('.');
        foreach (var candidate in new[] { host, dot > 0 ? "*" + host[dot..] : null })
            foreach (var entry in tls)
                if (candidate is not null && string.Equals(entry.Host, candidate, StringComparison.OrdinalIgnoreCase) && entry.Secret is { Length: > 0 })
                    return (entry.Namespace, entry.Secret);
        return null;
    }

    private static IngressMatch? Find(List<Route> routes, string path)
    {
        foreach (var route in routes)
            if (route.Exact ? path == route.Path : PrefixMatches(route.Path, path))
                return route.Target with { MatchedPath = route.Path };
        return null;
    }

    /// <summary>Prefix matching by path elements; a trailing slash on the rule is ignored.</summary>
    public static bool PrefixMatches(string prefix, string path)
    {
        var trimmed = prefix.TrimEnd('/');
        return trimmed.Length == 0
            || path == trimmed
            || (path.StartsWith(trimmed, StringComparison.Ordinal) && path.Length > trimmed.Length && path[trimmed.Length] == '/');
    }

    /// <summary>Longest path first, Exact before Prefix at the same length; the sort is stable, so older Ingresses stay first.</summary>
    private static void Order(List<Route> routes)
    {
        var ordered = routes.Select((r, i) => (r, i))
            .OrderByDescending(x => x.r.Path.TrimEnd('/').Length)
            .ThenBy(x => x.r.Exact ? 0 : 1)
            .ThenBy(x => x.i)
            .Select(x => x.r)
            .ToList();
        routes.Clear();
        routes.AddRange(ordered);
    }

    private static List<Route> ListFor(Dictionary<string, List<Route>> hosts, string key)
    {
        if (!hosts.TryGetValue(key, out var list))
            hosts[key] = list = [];
        return list;
    }

    private static IngressBackend? Backend(string ns, JsonNode? backend)
    {
        var service = backend?["service"];
        var name = service?["name"]?.ToString();
        var port = service?["port"]?["name"]?.ToString() is { Length: > 0 } portName ? portName : service?["port"]?["number"]?.ToString();
        return name is null || port is null ? null : new IngressBackend(ns, name, port);
    }

    /// <summary>spec.ingressClassName, or the older kubernetes.io/ingress.class annotation.</summary>
    private static string? ClassOf(JsonObject ingress) =>
        ingress["spec"]?["ingressClassName"]?.ToString()
        ?? ObjectMeta.StringMap(ingress["metadata"]?["annotations"]).GetValueOrDefault("kubernetes.io/ingress.class");
}
