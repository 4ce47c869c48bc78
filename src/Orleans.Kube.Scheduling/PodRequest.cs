using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling;

/// <summary>What the scheduler needs to know about one pending pod.</summary>
/// <param name="NodeAffinity">The pod's spec.affinity.nodeAffinity, treated as immutable once scheduled against.</param>
public sealed record PodRequest(string Namespace, string Name, string? OwnerUid, Resources Requests,
    IReadOnlyDictionary<string, string> NodeSelector, JsonObject? NodeAffinity, IReadOnlyList<Toleration> Tolerations)
{
    /// <summary>
    /// The required node affinity (a NodeSelector: terms ORed) of each PersistentVolume bound to the pod's claims;
    /// the pod may only run where every one of them matches.
    /// </summary>
    public IReadOnlyList<JsonObject> VolumeNodeAffinities { get; init; } = [];

    public static PodRequest From(JsonObject pod)
    {
        var metadata = Json.Obj(pod, "metadata");
        var spec = Json.Obj(pod, "spec");
        var owner = Json.Objects(Json.Arr(metadata, "ownerReferences")).FirstOrDefault(r => Json.Bool(r, "controller"));
        var affinity = Json.Obj(Json.Obj(spec, "affinity"), "nodeAffinity");
        return new PodRequest(
            Json.Str(metadata, "namespace") ?? "default",
            Json.Str(metadata, "name") ?? "",
            owner is null ? null : Json.Str(owner, "uid"),
            EffectiveRequests(spec),
            Json.StringMap(Json.Obj(spec, "nodeSelector")),
            // A copy, so later edits to the caller's pod cannot change a request that has been compiled and cached.
            affinity?.DeepClone().AsObject(),
            Json.Objects(Json.Arr(spec, "tolerations")).Select(ParseToleration).ToArray());
    }

    /// <summary>
    /// kube's PodRequests: the containers' sum, raised to any init container that needs more; restartable
    /// (sidecar) init containers keep running, so they add to everything after them; spec.overhead is added on top.
    /// </summary>
    internal static Resources EffectiveRequests(JsonObject? spec)
    {
        var containers = Resources.Zero;
        foreach (var container in Json.Objects(Json.Arr(spec, "containers")))
            containers = containers.Add(ContainerRequests(container));

        var sidecars = Resources.Zero;
        var initPeak = Resources.Zero;
        foreach (var init in Json.Objects(Json.Arr(spec, "initContainers")))
        {
            var requests = ContainerRequests(init);
            if (Json.Str(init, "restartPolicy") == "Always")
            {
                sidecars = sidecars.Add(requests);
                initPeak = initPeak.Max(sidecars);
            }
            else
            {
                initPeak = initPeak.Max(sidecars.Add(requests));
            }
        }

        var total = containers.Add(sidecars).Max(initPeak);
        var overhead = Json.Obj(spec, "overhead");
        total = total.Add(new Resources(Milli(overhead, "cpu"), Value(overhead, "memory")));
        return total with { Pods = 1 };
    }

    // The API server defaults a missing request to its limit, per resource; pods stored without defaulting get the same.
    private static Resources ContainerRequests(JsonObject container)
    {
        var resources = Json.Obj(container, "resources");
        var requests = Json.Obj(resources, "requests");
        var limits = Json.Obj(resources, "limits");
        return new Resources(
            Json.Str(requests, "cpu") is not null ? Milli(requests, "cpu") : Milli(limits, "cpu"),
            Json.Str(requests, "memory") is not null ? Value(requests, "memory") : Value(limits, "memory"));
    }

    internal static long Milli(JsonObject? list, string name) =>
        Json.Str(list, name) is { } text ? Quantity.ParseMilli(text) : 0;

    internal static long Value(JsonObject? list, string name) =>
        Json.Str(list, name) is { } text ? Quantity.ParseValue(text) : 0;

    private static Toleration ParseToleration(JsonObject t) => new(
        NullIfEmpty(Json.Str(t, "key")),
        NullIfEmpty(Json.Str(t, "operator")) ?? Toleration.Equal,
        Json.Str(t, "value"),
        NullIfEmpty(Json.Str(t, "effect")));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
