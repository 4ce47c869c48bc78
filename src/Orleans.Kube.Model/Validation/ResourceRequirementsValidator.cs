using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// validateResourceRequirements for a container: resource names, quantities that parse and are not
/// negative, and requests no larger than limits (equal to them for extended resources).
/// </summary>
internal static class ResourceRequirementsValidator
{
    private static readonly HashSet<string> ContainerResources = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    private static readonly HashSet<string> StandardResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "storage", "pods", "services", "replicationcontrollers", "resourcequotas",
        "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
        "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    };

    public static void Validate(JsonObject? resources, string path, List<FieldError> errors)
    {
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limits = Read(JsonFields.Obj(resources, "limits"), limitsPath, errors);
        var requests = Read(JsonFields.Obj(resources, "requests"), requestsPath, errors);
        foreach (var (name, request) in requests)
        {
            var overcommit = IsOvercommitAllowed(name);
            if (limits.TryGetValue(name, out var limit))
            {
                if (!overcommit && request.CompareTo(limit) != 0)
                {
                    errors.Add(FieldErrors.Invalid(requestsPath, GoFormat.Quote(request.ToString()), $"must be equal to {name} limit of {limit}"));
                }
                else if (request.CompareTo(limit) > 0)
                {
                    errors.Add(FieldErrors.Invalid(requestsPath, GoFormat.Quote(request.ToString()), $"must be less than or equal to {name} limit of {limit}"));
                }
            }
            else if (!overcommit)
            {
                errors.Add(FieldErrors.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }
        }
    }

    // Validates each entry of a limits or requests map and returns the quantities that parsed.
    private static Dictionary<string, Quantity> Read(JsonObject? map, string path, List<FieldError> errors)
    {
        var quantities = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (map is null)
        {
            return quantities;
        }

        foreach (var (name, node) in map)
        {
            var entryPath = path.Key(name);
            ValidateName(name, entryPath, errors);
            if (!Quantity.TryParse(node, out var quantity, out var error))
            {
                errors.Add(FieldErrors.Invalid(entryPath, GoFormat.Quote(JsonFields.ScalarText(node)), error));
                continue;
            }

            if (quantity.IsNegative)
            {
                errors.Add(FieldErrors.Invalid(entryPath, GoFormat.Quote(quantity.ToString()), Messages.NonNegative));
            }

            if (IsExtended(name) && !quantity.IsInteger)
            {
                errors.Add(FieldErrors.Invalid(entryPath, GoFormat.Quote(quantity.ToString()), "must be an integer"));
            }

            quantities[name] = quantity;
        }

        return quantities;
    }

    private static void ValidateName(string name, string path, List<FieldError> errors)
    {
        var problems = NameRules.QualifiedName(name);
        foreach (var message in problems)
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(name), message));
        }

        if (problems.Count > 0)
        {
            return;
        }

        if (!name.Contains('/', StringComparison.Ordinal))
        {
            var hugePages = name.StartsWith("hugepages-", StringComparison.Ordinal);
            if (!StandardResources.Contains(name) && !hugePages)
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(name), "must be a standard resource type or fully qualified"));
            }

            if (!ContainerResources.Contains(name) && !hugePages)
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(name), "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(name), "doesn't follow extended resource name standard"));
        }
    }

    private static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    // Extended resources (vendor.example/gpu) are counted in whole units and never overcommitted.
    private static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && NameRules.QualifiedName("requests." + name).Count == 0;

    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal);
}
