using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>
/// The ControllerRevisions DaemonSets and StatefulSets keep of their pod templates (kube's history package): one per
/// template, named OWNER-HASH, data `{"spec":{"template":{..., "$patch":"replace"}}}` (what `kubectl rollout undo`
/// applies), the current template with the highest revision number (a template rolled back to is renumbered), and
/// revisions beyond revisionHistoryLimit that no pod runs pruned.
/// </summary>
public static class ControllerRevisionHistory
{
    public const string HashLabel = "controller-revision-hash";

    public static string Name(JsonObject owner, string hash) => $"{owner.Name()}-{hash}";

    /// <summary>Makes the current template's revision the newest; returns the owner's revisions as they were before.</summary>
    public static async Task SyncAsync(IGrainFactory grains, ResourceKind ownerKind, JsonObject owner, string hash,
        List<JsonObject> revisions, IReadOnlySet<string?> hashesInUse)
    {
        var ns = owner.Namespace()!;
        var max = revisions.Select(Number).DefaultIfEmpty(0).Max();
        var current = revisions.FirstOrDefault(r => r.Labels().GetValueOrDefault(HashLabel) == hash);
        if (current is null)
        {
            var template = (JsonObject)owner["spec"]!["template"]!.DeepClone();
            template["$patch"] = "replace";
            var labels = ObjectMeta.StringMap(owner["spec"]?["template"]?["metadata"]?["labels"]);
            labels[HashLabel] = hash;
            var revision = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ControllerRevision",
                ["metadata"] = new JsonObject
                {
                    ["name"] = Name(owner, hash),
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))]),
                    // As kube: the owner's annotations, so rollout history shows its kubernetes.io/change-cause.
                    ["annotations"] = owner["metadata"]?["annotations"]?.DeepClone(),
                    ["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ownerKind, owner)),
                },
                ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } },
                ["revision"] = max + 1,
            };
            await grains.For(ResourceKinds.ControllerRevision, ns, Name(owner, hash)).Create(KubeJson.Write(revision), WriteOptions.Default);
        }
        else if (Number(current) < max)
            await grains.For(ResourceKinds.ControllerRevision, ns, current.Name()!)
                .Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(new JsonObject { ["revision"] = max + 1 })), WriteOptions.Default);

        var limit = owner["spec"]?["revisionHistoryLimit"]?.GetValue<int>() ?? 10;
        var old = revisions.Where(r => r.Labels().GetValueOrDefault(HashLabel) is var h && h != hash && !hashesInUse.Contains(h)).OrderBy(Number).ToList();
        foreach (var stale in old.Take(Math.Max(0, old.Count - limit)))
            await grains.For(ResourceKinds.ControllerRevision, ns, stale.Name()!).Delete(DeleteRequest.Default);
    }

    /// <summary>The pod template a revision recorded.</summary>
    public static JsonObject? Template(JsonObject revision)
    {
        if (revision["data"]?["spec"]?["template"]?.DeepClone() is not JsonObject template)
            return null;
        template.Remove("$patch");
        return template;
    }

    public static long Number(JsonObject revision) => revision["revision"]?.GetValue<long>() ?? 0;
}
