using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>One metadata.ownerReferences entry, as controllers read it.</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid);

/// <summary>Builds and reads metadata.ownerReferences the way kube's controllers do (metav1.NewControllerRef, GetControllerOf).</summary>
public static class OwnerReferences
{
    /// <summary>The controlling reference a controller puts on what it creates: controller and blockOwnerDeletion set.</summary>
    public static JsonObject ControlledBy(ResourceKind ownerKind, JsonObject owner) => new()
    {
        ["apiVersion"] = ownerKind.ApiVersion,
        ["kind"] = ownerKind.Kind,
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The reference with controller: true, or null (metav1.GetControllerOf).</summary>
    public static OwnerReference? ControllerOf(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Where(r => r["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController)
            .Select(r => new OwnerReference(r.GetString("apiVersion") ?? "", r.GetString("kind") ?? "", r.GetString("name") ?? "", r.GetString("uid") ?? ""))
            .FirstOrDefault();

    /// <summary>True when <paramref name="obj"/>'s controlling reference names the owner with <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(JsonObject obj, string uid) => ControllerOf(obj)?.Uid == uid;
}
