using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Controllers;

/// <summary>A controller's status.conditions: set one by type, keeping its transition time while its status holds.</summary>
public static class StatusConditions
{
    public static JsonObject? Find(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == type);

    /// <param name="withProbeTime">Job conditions carry lastProbeTime too.</param>
    public static void Set(JsonObject status, string type, string value, string reason, string message, DateTimeOffset now, bool withProbeTime = false)
    {
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        status["conditions"] = conditions;
        var existing = Find(status, type);
        var condition = new JsonObject { ["type"] = type, ["status"] = value };
        if (withProbeTime)
            condition["lastProbeTime"] = ObjectMeta.Timestamp(now);
        condition["lastTransitionTime"] = existing?.GetString("status") == value ? existing["lastTransitionTime"]?.DeepClone() : ObjectMeta.Timestamp(now);
        condition["reason"] = reason;
        condition["message"] = message;
        if (existing is null)
            conditions.Add(condition);
        else
            conditions[conditions.IndexOf(existing)] = condition;
    }
}
