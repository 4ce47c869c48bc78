using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>
/// Writes core/v1 Events about an object, as `kubectl describe` and `get events` show them; a repeat of a recent
/// event is counted on that event (<see cref="EventCorrelator"/>).
/// </summary>
public static class EventRecorder
{
    public static Task RecordAsync(IGrainFactory grains, JsonObject about, string type, string reason, string message, string component) =>
        RecordAsync(grains, EventCorrelator.Shared, about, type, reason, message, component);

    public static async Task RecordAsync(IGrainFactory grains, EventCorrelator correlator, JsonObject about, string type, string reason, string message, string component)
    {
        var kind = about.GetString("kind") ?? "";
        var ns = about.Namespace() is { Length: > 0 } n ? n : "default";
        var key = string.Join('\u0001', ns, kind, about.Name(), about.Uid(), type, reason, message, component);
        var seenAt = correlator.Now;
        var now = ObjectMeta.Timestamp(seenAt);
        try
        {
            if (correlator.Repeats(key) is { } earlier)
            {
                var count = earlier.Count + 1;
                var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = now };
                var counted = await grains.For(ResourceKinds.Event, earlier.Namespace, earlier.Name)
                    .Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(patch)), WriteOptions.Default);
                if (counted.IsSuccess)
                {
                    correlator.Remember(key, earlier with { Count = count, LastSeen = seenAt });
                    return;
                }
                // The earlier event expired or was deleted: this one starts afresh.
            }
        }
        catch (Exception)
        {
            // Best effort, as below.
        }

        var name = $"{about.Name()}.{seenAt.UtcTicks:x}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = kind,
                ["namespace"] = about.Namespace(),
                ["name"] = about.Name(),
                ["uid"] = about.Uid(),
                ["apiVersion"] = about.GetString("apiVersion"),
                ["resourceVersion"] = about.ResourceVersion(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            if ((await grains.For(ResourceKinds.Event, ns, name).Create(KubeJson.Write(ev), WriteOptions.Default)).IsSuccess)
                correlator.Remember(key, new EventCorrelator.Recorded(ns, name, 1, seenAt));
        }
        catch (Exception)
        {
            // Events are best effort: losing one must never fail the operation it describes.
        }
    }
}
