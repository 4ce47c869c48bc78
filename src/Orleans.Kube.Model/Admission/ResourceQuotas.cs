using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Admission;

/// <summary>
/// ResourceQuota evaluation as kube's quota admission and controller do it: what each object uses (object
/// counts, "count/&lt;resource&gt;", and for pods that are not terminal the requests and limits of their
/// containers), the used totals a quota's status reports, and the "exceeded quota" refusal.
/// </summary>
public static class ResourceQuotas
{
    private static readonly Dictionary<string, string> CountShorthands = new(StringComparer.Ordinal)
    {
        ["pods"] = "pods", ["services"] = "services", ["configmaps"] = "configmaps", ["secrets"] = "secrets",
        ["persistentvolumeclaims"] = "persistentvolumeclaims", ["resourcequotas"] = "resourcequotas",
        ["replicationcontrollers"] = "replicationcontrollers",
    };

    private static readonly string[] ComputeResources = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>The kind whose objects a quota resource name counts; null for names nothing here evaluates.</summary>
    public static ResourceKind? KindOf(string resource)
    {
        if (resource.StartsWith("count/", StringComparison.Ordinal))
            return ResourceKinds.ByGroupResource(resource["count/".Length..]);
        if (CountShorthands.TryGetValue(resource, out var plural))
            return ResourceKinds.ByGroupResource(plural);
        if (resource is "services.nodeports" or "services.loadbalancers")
            return ResourceKinds.Service;
        if (ComputeResources.Contains(resource) || resource.StartsWith("requests.", StringComparison.Ordinal) || resource.StartsWith("limits.", StringComparison.Ordinal))
            return ResourceKinds.Pod;
        return null;
    }

    /// <summary>The quota resource names <paramref name="hard"/> lists that objects of <paramref name="kind"/> use.</summary>
    public static bool Covers(JsonObject quota, ResourceKind kind) =>
        StringMap(quota, "spec", "hard").Any(h => KindOf(h.Key) == kind);

    /// <summary>
    /// The refusal of <paramref name="created"/> by one quota, or null when it fits: kube's
    /// "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2".
    /// </summary>
    public static string? Exceeded(JsonObject quota, ResourceKind kind, IEnumerable<JsonObject> existing, JsonObject created)
    {
        var hard = Hard(quota).Where(h => KindOf(h.Key) == kind).ToDictionary();
        if (hard.Count == 0)
            return null;
        var requested = Usage(kind, created);
        var used = Used(hard.Keys, kind, existing);
        var exceeded = hard.Keys
            .Where(r => requested.TryGetValue(r, out var asked) && !asked.Nanos.IsZero && used[r].Add(asked).CompareTo(hard[r]) > 0)
            .Order(StringComparer.Ordinal).ToList();
        if (exceeded.Count == 0)
            return null;
        string Pretty(Func<string, Quantity> value) => string.Join(",", exceeded.Select(r => $"{r}={value(r)}"));
        return $"exceeded quota: {quota.Name()}, requested: {Pretty(r => requested[r])}, used: {Pretty(r => used[r])}, limited: {Pretty(r => hard[r])}";
    }

    /// <summary>
    /// A pod that a quota on compute resources covers must state them (kube: "must specify limits.cpu for: c"),
    /// or null.
    /// </summary>
    public static string? MissingCompute(JsonObject quota, JsonObject pod)
    {
        if (IsTerminal(pod))
            return null;
        var missing = new List<string>();
        foreach (var resource in Hard(quota).Keys.Where(r => KindOf(r) == ResourceKinds.Pod && r != "pods").Order(StringComparer.Ordinal))
        {
            var (section, name) = Split(resource);
            var lacking = Objects(pod, "spec", "containers").Concat(Objects(pod, "spec", "initContainers"))
                .Where(c => Obj(c, "resources", section)?[name] is null).Select(c => Text(c, "name")).ToList();
            if (lacking.Count > 0)
                missing.Add($"{resource} for: {string.Join(",", lacking)}");
        }
        return missing.Count == 0 ? null : $"failed quota: {quota.Name()}: must specify {string.Join("; ", missing)}";
    }

    /// <summary>The status a quota reports: hard as spec.hard, used from the objects of each kind it counts.</summary>
    public static JsonObject Status(JsonObject quota, Func<ResourceKind, IEnumerable<JsonObject>> objectsOf)
    {
        var hard = new JsonObject();
        var used = new JsonObject();
        foreach (var (resource, value) in StringMap(quota, "spec", "hard").OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            hard[resource] = value;
            if (KindOf(resource) is { } kind)
                used[resource] = Used([resource], kind, objectsOf(kind))[resource].ToString();
        }
        return new JsonObject { ["hard"] = hard, ["used"] = used };
    }

    /// <summary>True when objects of <paramref name="kind"/> can count against some quota (so a write may change usage).</summary>
    public static bool MayCount(ResourceKind kind) =>
        kind.Namespaced && kind != ResourceKinds.Event && kind.Kind is not ("Endpoints" or "EndpointSlice");

    private static Dictionary<string, Quantity> Used(IEnumerable<string> resources, ResourceKind kind, IEnumerable<JsonObject> objects)
    {
        var used = resources.ToDictionary(r => r, _ => Quantity.Zero);
        foreach (var obj in objects)
            foreach (var (resource, amount) in Usage(kind, obj))
                if (used.TryGetValue(resource, out var total))
                    used[resource] = total.Add(amount);
        return used;
    }

    /// <summary>What one object uses, by quota resource name.</summary>
    private static Dictionary<string, Quantity> Usage(ResourceKind kind, JsonObject obj)
    {
        var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (kind == ResourceKinds.Pod && IsTerminal(obj))
            return usage;
        var one = Parse("1");
        usage["count/" + kind.GroupResource] = one;
        if (CountShorthands.ContainsKey(kind.GroupResource))
            usage[kind.GroupResource] = one;
        if (kind == ResourceKinds.Service)
        {
            var type = Str(obj, "spec", "type");
            if (type is "NodePort" or "LoadBalancer")
                usage["services.nodeports"] = Parse(Objects(obj, "spec", "ports").Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (type == "LoadBalancer")
                usage["services.loadbalancers"] = one;
        }
        if (kind == ResourceKinds.Pod)
            foreach (var section in new[] { "requests", "limits" })
                foreach (var name in ComputeResources)
                {
                    var amount = PodAmount(obj, section, name);
                    usage[$"{section}.{name}"] = amount;
                    if (section == "requests")
                        usage[name] = amount;
                }
        return usage;
    }

    /// <summary>resourcehelper.PodRequests/PodLimits: the containers' sum, or the largest init container when that is more.</summary>
    private static Quantity PodAmount(JsonObject pod, string section, string name)
    {
        Quantity Of(JsonObject c) => Obj(c, "resources", section)?[name] is { } node && Quantity.TryParse(node, out var q, out _) ? q : Quantity.Zero;
        var sum = Objects(pod, "spec", "containers").Aggregate(Quantity.Zero, (total, c) => total.Add(Of(c)));
        var init = Objects(pod, "spec", "initContainers").Aggregate(Quantity.Zero, (max, c) => Quantity.Max(max, Of(c)));
        return Quantity.Max(sum, init);
    }

    private static Dictionary<string, Quantity> Hard(JsonObject quota) =>
        StringMap(quota, "spec", "hard").Where(h => Quantity.TryParse(h.Value, out _, out _)).ToDictionary(h => h.Key, h => Parse(h.Value));

    private static (string Section, string Name) Split(string resource) =>
        resource.IndexOf('.') is var dot and > 0 ? (resource[..dot], resource[(dot + 1)..]) : ("requests", resource);

    private static bool IsTerminal(JsonObject pod) => Str(pod, "status", "phase") is "Succeeded" or "Failed";

    private static Quantity Parse(string text) => Quantity.TryParse(text, out var q, out _) ? q : Quantity.Zero;
}
