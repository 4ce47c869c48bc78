using Orleans.Kube.Model;
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
        var metadata = JsonFields.Obj(pod, "metadata");
        var spec = JsonFields.Obj(pod, "spec");
        var owner = JsonFields.Objects(JsonFields.Arr(metadata, "ownerReferences")).FirstOrDefault(r => JsonFields.Bool(r, "controller") == true);
        var affinity = JsonFields.Obj(JsonFields.Obj(spec, "affinity"), "nodeAffinity");
        return new PodRequest(
            JsonFields.Scalar(metadata, "namespace") ?? "default",
            JsonFields.Scalar(metadata, "name") ?? "",
            owner is null ? null : JsonFields.Scalar(owner, "uid"),
            EffectiveRequests(spec),
            JsonFields.StringMap(JsonFields.Obj(spec, "nodeSelector")),
            // A copy, so later edits to the caller's pod cannot change a request that has been compiled and cached.
            affinity?.DeepClone().AsObject(),
            JsonFields.Objects(JsonFields.Arr(spec, "tolerations")).Select(ParseToleration).ToArray());
    }

    /// <summary>
    /// kube's PodRequests: the containers' sum, raised to any init container that needs more; restartable
    /// (sidecar) init containers keep running, so they add to everything after them; spec.overhead is added on top.
    /// </summary>
    internal static Resources EffectiveRequests(JsonObject? spec)
    {
        var containers = Resources.Zero;
        foreach (var container in JsonFields.Objects(JsonFields.Arr(spec, "containers")))
            containers = containers.Add(ContainerRequests(container));

        var sidecars = Resources.Zero;
        var initPeak = Resources.Zero;
        foreach (var init in JsonFields.Objects(JsonFields.Arr(spec, "initContainers")))
        {
            var requests = ContainerRequests(init);
            if (JsonFields.Scalar(init, "restartPolicy") == "Always")
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
        var overhead = JsonFields.Obj(spec, "overhead");
        total = total.Add(new Resources(Milli(overhead, "cpu"), Value(overhead, "memory")));
        return total with { Pods = 1 };
    }

    // The API server defaults a missing request to its limit, per resource; pods stored without defaulting get the same.
    private static Resources ContainerRequests(JsonObject container)
    {
        var resources = JsonFields.Obj(container, "resources");
        var requests = JsonFields.Obj(resources, "requests");
        var limits = JsonFields.Obj(resources, "limits");
        return new Resources(
            JsonFields.Scalar(requests, "cpu") is not null ? Milli(requests, "cpu") : Milli(limits, "cpu"),
            JsonFields.Scalar(requests, "memory") is not null ? Value(requests, "memory") : Value(limits, "memory"));
    }

    internal static long Milli(JsonObject? list, string name) =>
        JsonFields.Scalar(list, name) is { } text ? Quantity.ParseMilli(text) : 0;

    internal static long Value(JsonObject? list, string name) =>
        JsonFields.Scalar(list, name) is { } text ? Quantity.ParseValue(text) : 0;

    private static Toleration ParseToleration(JsonObject t) => new(
        NullIfEmpty(JsonFields.Scalar(t, "key")),
        NullIfEmpty(JsonFields.Scalar(t, "operator")) ?? Toleration.Equal,
        JsonFields.Scalar(t, "value"),
        NullIfEmpty(JsonFields.Scalar(t, "effect")));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
