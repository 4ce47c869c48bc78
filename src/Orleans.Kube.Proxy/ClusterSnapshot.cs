using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Networking;

namespace Orleans.Kube.Proxy;

/// <summary>One consistent view of the Services and EndpointSlices, keyed by (namespace, name).</summary>
public sealed record ClusterSnapshot(
    ImmutableDictionary<(string Namespace, string Name), JsonObject> Services,
    ImmutableDictionary<(string Namespace, string Name), JsonObject> Slices)
{
    public static readonly ClusterSnapshot Empty = new(
        ImmutableDictionary<(string, string), JsonObject>.Empty,
        ImmutableDictionary<(string, string), JsonObject>.Empty);

    public JsonObject? Service(string ns, string name) => Services.GetValueOrDefault((ns, name));

    /// <summary>The endpoints (EndpointSlice entries) of a service.</summary>
    public IEnumerable<JsonObject> Endpoints(string ns, string service) =>
        SlicesOf(ns, service).SelectMany(s => (s["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? []);

    public IEnumerable<JsonObject> SlicesOf(string ns, string service) =>
        Slices.Where(s => s.Key.Namespace == ns && s.Value.Labels().GetValueOrDefault(ServiceEndpoints.ServiceNameLabel) == service)
            .Select(s => s.Value);

    /// <summary>An endpoint counts as ready unless its ready condition says false (the EndpointSlice API's rule).</summary>
    public static bool IsReady(JsonObject endpoint) => endpoint["conditions"]?["ready"]?.GetValue<bool>() != false;

    public static IEnumerable<IPAddress> Addresses(JsonObject endpoint) =>
        ((endpoint["addresses"] as JsonArray)?.Select(a => a?.ToString()) ?? [])
        .Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>();
}
