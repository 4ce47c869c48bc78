using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Admission;

/// <summary>
/// kube's LimitRanger admission for pods: fills in a container's missing requests and limits from the
/// namespace's LimitRanges (type Container, default/defaultRequest) and records that in the
/// kubernetes.io/limit-ranger annotation, then enforces min and max per Container and per Pod.
/// </summary>
public static class LimitRanges
{
    public const string Annotation = "kubernetes.io/limit-ranger";

    /// <summary>SetDefaults_LimitRangeItem: default from max, defaultRequest from default, then from min (Container items).</summary>
    public static void ApplyObjectDefaults(JsonObject limitRange)
    {
        foreach (var item in Objects(limitRange, "spec", "limits").Where(i => Str(i, "type") == "Container"))
        {
            var defaults = Ensure(item, "default");
            var defaultRequest = Ensure(item, "defaultRequest");
            foreach (var (key, value) in StringMap(item, "max"))
                defaults.TryAdd(key, value);
            foreach (var (key, value) in StringMap(item, "default"))
                defaultRequest.TryAdd(key, value);
            foreach (var (key, value) in StringMap(item, "min"))
                defaultRequest.TryAdd(key, value);
            // Go's omitempty: an empty map is not written.
            foreach (var name in new[] { "default", "defaultRequest" })
                if (item[name] is JsonObject { Count: 0 })
                    item.Remove(name);
        }
    }

    /// <summary>Fills in missing container requests/limits from the Container items' defaults.</summary>
    public static void ApplyDefaults(JsonObject pod, IReadOnlyList<JsonObject> limitRanges)
    {
        var items = limitRanges.SelectMany(r => Objects(r, "spec", "limits")).Where(i => Str(i, "type") == "Container").ToList();
        if (items.Count == 0)
            return;
        var notes = new List<string>();
        foreach (var (list, prefix) in new[] { ("initContainers", "init container"), ("containers", "container") })
            foreach (var container in Objects(pod, "spec", list))
            {
                var resources = Ensure(container, "resources");
                var setLimits = Fill(Ensure(resources, "limits"), items, "default");
                var setRequests = Fill(Ensure(resources, "requests"), items, "defaultRequest");
                foreach (var section in new[] { "limits", "requests" })
                    if (resources[section] is JsonObject { Count: 0 })
                        resources.Remove(section);
                var name = Text(container, "name");
                if (setRequests.Count > 0)
                    notes.Add($"{string.Join(", ", setRequests)} request for {prefix} {name}");
                if (setLimits.Count > 0)
                    notes.Add($"{string.Join(", ", setLimits)} limit for {prefix} {name}");
            }
        if (notes.Count > 0)
            Ensure(pod.Metadata(), "annotations")[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
    }

    /// <summary>Every min/max breach of the pod against the namespace's LimitRanges, with kube's messages.</summary>
    public static IReadOnlyList<string> Violations(JsonObject pod, IReadOnlyList<JsonObject> limitRanges)
    {
        var errors = new List<string>();
        foreach (var item in limitRanges.SelectMany(r => Objects(r, "spec", "limits")))
        {
            switch (Str(item, "type"))
            {
                case "Container":
                    foreach (var container in Objects(pod, "spec", "initContainers").Concat(Objects(pod, "spec", "containers")))
                        Check(item, "Container", Amounts(container, "requests"), Amounts(container, "limits"), errors);
                    break;
                case "Pod":
                    Check(item, "Pod", PodTotals(pod, "requests"), PodTotals(pod, "limits"), errors);
                    break;
            }
        }
        return errors;
    }

    /// <summary>utilerrors.NewAggregate(...).Error(): one message alone, several in brackets.</summary>
    public static string Aggregate(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";

    private static void Check(JsonObject item, string limitType, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, List<string> errors)
    {
        foreach (var (resource, text) in StringMap(item, "min"))
        {
            if (!Quantity.TryParse(text, out var min, out _)) continue;
            var hasRequest = requests.TryGetValue(resource, out var request);
            if (!hasRequest)
                errors.Add($"minimum {resource} usage per {limitType} is {min}.  No request is specified");
            else if (request!.CompareTo(min) < 0)
                errors.Add($"minimum {resource} usage per {limitType} is {min}, but request is {request}");
            else if (limits.TryGetValue(resource, out var limit) && limit.CompareTo(min) < 0)
                errors.Add($"minimum {resource} usage per {limitType} is {min}, but limit is {limit}");
        }
        foreach (var (resource, text) in StringMap(item, "max"))
        {
            if (!Quantity.TryParse(text, out var max, out _)) continue;
            if (!limits.TryGetValue(resource, out var limit))
                errors.Add($"maximum {resource} usage per {limitType} is {max}.  No limit is specified");
            else if (limit.CompareTo(max) > 0)
                errors.Add($"maximum {resource} usage per {limitType} is {max}, but limit is {limit}");
            else if (requests.TryGetValue(resource, out var request) && request.CompareTo(max) > 0)
                errors.Add($"maximum {resource} usage per {limitType} is {max}, but request is {request}");
        }
    }

    private static List<string> Fill(JsonObject target, List<JsonObject> items, string source)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
            foreach (var (key, value) in StringMap(item, source))
                if (target[key] is null)
                {
                    target[key] = value;
                    set.Add(key);
                }
        return [.. set];
    }

    private static Dictionary<string, Quantity> Amounts(JsonObject container, string section)
    {
        var amounts = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (key, value) in StringMap(container, "resources", section))
            if (Quantity.TryParse(value, out var q, out _))
                amounts[key] = q;
        return amounts;
    }

    private static Dictionary<string, Quantity> PodTotals(JsonObject pod, string section)
    {
        var totals = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in Objects(pod, "spec", "containers"))
            foreach (var (key, amount) in Amounts(container, section))
                totals[key] = totals.TryGetValue(key, out var sum) ? sum.Add(amount) : amount;
        foreach (var container in Objects(pod, "spec", "initContainers"))
            foreach (var (key, amount) in Amounts(container, section))
                totals[key] = totals.TryGetValue(key, out var sum) ? Quantity.Max(sum, amount) : amount;
        return totals;
    }

    private static JsonObject Ensure(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
            return existing;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
