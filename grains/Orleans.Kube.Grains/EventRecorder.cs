using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>Writes core/v1 Events about an object, as `kubectl describe` and `get events` show them.</summary>
public static class EventRecorder
{
    public static async Task RecordAsync(IGrainFactory grains, JsonObject about, string type, string reason, string message, string component)
    {
        var kind = about.GetString("kind") ?? "";
        var ns = about.Namespace() is { Length: > 0 } n ? n : "default";
        var name = $"{about.Name()}.{DateTime.UtcNow.Ticks:x}";
        var now = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
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
            await grains.For(ResourceKinds.Event, ns, name).Create(KubeJson.Write(ev), WriteOptions.Default);
        }
        catch (Exception)
        {
            // Events are best effort: losing one must never fail the operation it describes.
        }
    }
}
