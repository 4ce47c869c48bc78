using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// The strategic merge algorithm, ported from apimachinery's strategicpatch (mergeMap / mergeSlice).
/// </summary>
/// <remarks>
/// Works destructively on private copies of the target and patch (like the Go code), moving nodes from the
/// patch into the target. Every node is detached before it is re-parented, because a JsonNode has one parent.
/// Paths are built with <see cref="MergeKeys.Child"/> and only serve to look up list rules and to word errors.
/// </remarks>
internal sealed class StrategicMerger(string kind)
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> and returns the merged map.</summary>
    public JsonObject MergeMap(JsonObject original, JsonObject patch, string path)
    {
        switch (PatchDirectives.PatchDirectiveOf(patch))
        {
            case null:
                break;
            case PatchDirectives.Replace:
                // The patch's map is the result; merging it into nothing still strips its nested directives and nulls.
                patch.Remove(PatchDirectives.Patch);
                return MergeMap(new JsonObject(), patch, path);
            case PatchDirectives.Delete:
                // apimachinery empties the map rather than removing the field.
                return new JsonObject();
            case PatchDirectives.Merge:
                patch.Remove(PatchDirectives.Patch);
                break;
            case var other:
                throw PatchDirectives.UnknownPatchDirective(other);
        }

        ApplyRetainKeys(original, patch, path);
        MergeListsWithElementOrder(original, patch, path);

        var deletions = new List<(string Field, JsonNode? Values)>();
        foreach (var (key, patchValue) in TakeProperties(patch))
        {
            if (PatchDirectives.FieldOf(key, PatchDirectives.DeleteFromPrimitiveList) is { } field)
            {
                deletions.Add((field, patchValue));
                continue;
            }

            MergeField(original, key, patchValue, MergeKeys.Child(path, key));
        }

        // After the merges, so "add c" and "delete b" from one patch don't depend on key order.
        foreach (var (field, values) in deletions)
        {
            DeleteFromPrimitiveList(original, field, values, MergeKeys.Child(path, field));
        }

        return original;
    }

    private void MergeField(JsonObject original, string key, JsonNode? patchValue, string path)
    {
        if (patchValue is null)
        {
            original.Remove(key);
            return;
        }

        original.TryGetPropertyValue(key, out var originalValue);
        switch (originalValue, patchValue)
        {
            case (JsonObject originalMap, JsonObject patchMap):
                var merged = MergeMap(originalMap, patchMap, path);
                if (!ReferenceEquals(merged, originalMap))
                {
                    original[key] = merged;
                }

                break;
            case (JsonArray originalList, JsonArray patchList):
                original[key] = MergeList(originalList, patchList, path);
                break;
            case (_, JsonObject patchMap) when PatchDirectives.PatchDirectiveOf(patchMap) == PatchDirectives.Delete:
                // Nothing mergeable to delete; apimachinery drops the field.
                original.Remove(key);
                break;
            default:
                // New field, or a different JSON type: the patch value wins, cleaned of directives and nulls.
                original[key] = Materialize(patchValue, path);
                break;
        }
    }

    /// <summary>Merges two lists according to the rule for <paramref name="path"/>; returns a new array.</summary>
    public JsonArray MergeList(JsonArray original, JsonArray patch, string path)
    {
        var rule = MergeKeys.ForList(kind, path);
        var originalItems = TakeItems(original);
        var patchItems = TakeItems(patch);
        if (rule.Strategy == ListMergeStrategy.Replace)
        {
            return new JsonArray(patchItems
                .Where(item => !PatchDirectives.HasPatchDirective(item))
                .Select(item => Materialize(item, path))
                .ToArray());
        }

        return new JsonArray(MergeSlice(originalItems, patchItems, rule.MergeKey, path).ToArray());
    }

    // Port of mergeSlice for lists whose strategy is merge.
    private List<JsonNode?> MergeSlice(List<JsonNode?> original, List<JsonNode?> patch, string? mergeKey, string path)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        List<JsonNode?> merged;
        List<JsonNode?> patchOrder = patch;
        if (ElementsAreObjects(original, patch, path))
        {
            if (mergeKey is null)
            {
                throw new PatchException($"list \"{path}\" holds objects but has no merge key, so it cannot be merged");
            }

            (original, patch) = ApplyListDirectives(original, patch, mergeKey, path);

            // Merging consumes the patch elements, so remember their identities for ordering first.
            patchOrder = patch
                .Select(item => (JsonNode?)new JsonObject { [mergeKey] = ListElementIdentity.KeyOf(item, mergeKey, path)?.DeepClone() })
                .ToList();
            merged = MergeByKey(original, patch, mergeKey, path);
        }
        else
        {
            if (mergeKey is not null)
            {
                throw new PatchException($"list \"{path}\" is merged by \"{mergeKey}\" and must contain objects");
            }

            merged = [];
            foreach (var item in original.Concat(patch))
            {
                if (ListElementIdentity.IndexIn(merged, item, null, path) < 0)
                {
                    merged.Add(item);
                }
            }
        }

        var (named, serverOnly) = ListOrder.Partition(merged, patchOrder, mergeKey, path);
        return ListOrder.Normalize(named, serverOnly, patchOrder, original, mergeKey, path);
    }

    // Handles `{"$patch": ...}` list elements; returns the live list after deletions and the plain patch elements.
    private (List<JsonNode?> Original, List<JsonNode?> Patch) ApplyListDirectives(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, string path)
    {
        var plain = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            var element = (JsonObject)item!;
            switch (PatchDirectives.PatchDirectiveOf(element))
            {
                case null:
                    plain.Add(element);
                    break;
                case PatchDirectives.Delete:
                    var key = ListElementIdentity.KeyOf(element, mergeKey, path);
                    original = original.Where(e => !ListElementIdentity.HasKey(e, mergeKey, key)).ToList();
                    break;
                case PatchDirectives.Replace:
                    replace = true;
                    break;
                case PatchDirectives.Merge:
                    // Merging is what happens anyway; treat the element as a plain one.
                    element.Remove(PatchDirectives.Patch);
                    plain.Add(element);
                    break;
                case var other:
                    throw PatchDirectives.UnknownPatchDirective(other);
            }
        }

        // With "$patch": "replace" the remaining elements become the whole list.
        return replace
            ? (plain.Select(item => Materialize(item, path)).ToList(), [])
            : (original, plain);
    }

    private List<JsonNode?> MergeByKey(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, string path)
    {
        var merged = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            var key = ListElementIdentity.KeyOf(item, mergeKey, path);
            var index = merged.FindIndex(e => ListElementIdentity.HasKey(e, mergeKey, key));
            if (index >= 0)
            {
                merged[index] = MergeMap((JsonObject)merged[index]!, (JsonObject)item!, path);
            }
            else
            {
                merged.Add(MergeMap(new JsonObject(), (JsonObject)item!, path));
            }
        }

        return merged;
    }

    // Port of mergePatchIntoOriginal: merges every list that has a $setElementOrder and sorts it by that order.
    private void MergeListsWithElementOrder(JsonObject original, JsonObject patch, string path)
    {
        foreach (var (key, orderNode) in patch.ToList())
        {
            if (PatchDirectives.FieldOf(key, PatchDirectives.SetElementOrder) is not { } field)
            {
                continue;
            }

            patch.Remove(key);
            if (orderNode is not JsonArray orderList)
            {
                throw new PatchException($"\"{key}\" must be a list");
            }

            var listPath = MergeKeys.Child(path, field);
            var originalList = ListField(original, field, listPath);
            var patchHasField = patch.TryGetPropertyValue(field, out var patchNode);
            if (patchHasField && patchNode is null)
            {
                continue; // The list is being deleted; there is nothing to order.
            }

            var patchList = ListField(patch, field, listPath);
            if (originalList is null && patchList is null)
            {
                continue;
            }

            var rule = MergeKeys.ForList(kind, listPath);
            if (rule.Strategy == ListMergeStrategy.Replace)
            {
                // kubectl only orders merging lists; for others the patch list (if any) simply replaces.
                continue;
            }

            var order = orderList.ToList();
            var patchItems = patchList?.ToList() ?? [];
            ValidateAgainstElementOrder(patchItems, order, rule.MergeKey, key, listPath);

            var serverOrder = originalList?.ToList() ?? [];
            var merged = TakeItems(patchList is null
                ? originalList!
                : MergeList(originalList ?? [], patchList, listPath));
            patch.Remove(field);

            var (named, serverOnly) = ListOrder.Partition(merged, order, rule.MergeKey, listPath);
            original[field] = new JsonArray(
                ListOrder.Normalize(named, serverOnly, order, serverOrder, rule.MergeKey, listPath).ToArray());
        }
    }

    // Port of validatePatchWithSetOrderList: the patch's elements must appear in $setElementOrder, in that order.
    private static void ValidateAgainstElementOrder(
        List<JsonNode?> patchItems, List<JsonNode?> order, string? mergeKey, string directive, string path)
    {
        if (order.Count == 0)
        {
            return;
        }

        var items = patchItems.Where(item => !PatchDirectives.HasPatchDirective(item)).ToList();
        int p = 0, o = 0;
        while (p < items.Count && o < order.Count)
        {
            if (ListElementIdentity.Same(items[p], order[o], mergeKey, path))
            {
                p++;
            }

            o++;
        }

        if (p < items.Count)
        {
            throw new PatchException(
                $"the order of list \"{path}\" in the patch doesn't match \"{directive}\" "
                + $"({ListElementIdentity.Describe(new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))} "
                + $"vs {ListElementIdentity.Describe(new JsonArray(order.Select(i => i?.DeepClone()).ToArray()))})");
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values, string path)
    {
        if (values is null)
        {
            original.Remove(field); // as apimachinery does for a null deletion list
            return;
        }

        // Like apimachinery, there is nothing to do unless both sides are lists.
        if (original[field] is not JsonArray list || values is not JsonArray toDelete)
        {
            return;
        }

        if (list.Concat(toDelete).Any(item => item is JsonObject or JsonArray))
        {
            throw new PatchException($"\"{PatchDirectives.DeleteFromPrimitiveList}\" applies only to lists of primitives, not \"{path}\"");
        }

        var kept = TakeItems(list).Where(item => !toDelete.Any(d => JsonNode.DeepEquals(d, item)));
        original[field] = new JsonArray(kept.ToArray());
    }

    // Port of applyRetainKeysDirective: drop live keys not listed; the patch may only set listed keys.
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch, string path)
    {
        if (!patch.TryGetPropertyValue(PatchDirectives.RetainKeys, out var retainNode))
        {
            return;
        }

        patch.Remove(PatchDirectives.RetainKeys);
        if (retainNode is not JsonArray retainList)
        {
            throw new PatchException($"\"{PatchDirectives.RetainKeys}\" at \"{path}\" must be a list of field names");
        }

        var retain = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in retainList)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var name))
            {
                throw new PatchException($"\"{PatchDirectives.RetainKeys}\" at \"{path}\" must be a list of field names");
            }

            retain.Add(name);
        }

        foreach (var (key, value) in patch)
        {
            if (value is not null
                && !key.StartsWith(PatchDirectives.DeleteFromPrimitiveList, StringComparison.Ordinal)
                && !key.StartsWith(PatchDirectives.SetElementOrder, StringComparison.Ordinal)
                && !retain.Contains(key))
            {
                throw new PatchException($"field \"{key}\" at \"{path}\" is set by the patch but missing from \"{PatchDirectives.RetainKeys}\"");
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !retain.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// Turns a patch value into a plain value for a place where there is nothing to merge with: maps and lists
    /// are merged into empty ones, so directives are applied and nulls dropped.
    /// </summary>
    private JsonNode? Materialize(JsonNode? value, string path) => value switch
    {
        JsonObject map => MergeMap(new JsonObject(), map, path),
        JsonArray list => MergeList([], list, path),
        _ => value,
    };

    private static JsonArray? ListField(JsonObject map, string field, string path) =>
        map[field] switch
        {
            null => null,
            JsonArray list => list,
            var other => throw new PatchException($"\"{path}\" must be a list, got {ListElementIdentity.Describe(other)}"),
        };

    // apimachinery requires one element type per list (and no lists of lists) before merging.
    private static bool ElementsAreObjects(List<JsonNode?> original, List<JsonNode?> patch, string path)
    {
        bool? objects = null;
        foreach (var item in original.Concat(patch))
        {
            if (item is JsonArray)
            {
                throw new PatchException($"list \"{path}\" contains lists, which strategic merge patch cannot merge");
            }

            var isObject = item is JsonObject;
            if (objects is not null && objects != isObject)
            {
                throw new PatchException($"list \"{path}\" mixes objects and primitive values");
            }

            objects = isObject;
        }

        return objects == true;
    }

    private static List<JsonNode?> TakeItems(JsonArray list)
    {
        var items = list.ToList();
        list.Clear(); // detaches the items so they can be re-parented
        return items;
    }

    private static List<KeyValuePair<string, JsonNode?>> TakeProperties(JsonObject map)
    {
        var properties = map.ToList();
        map.Clear();
        return properties;
    }
}
