using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidatePodSpec: volumes, containers, init containers and the scalar pod-level fields.</summary>
internal static class PodSpecValidator
{
    public static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static void Validate(JsonObject? spec, string path, List<FieldError> errors)
    {
        var volumes = VolumeValidator.Validate(JsonFields.Arr(spec, "volumes"), path.Child("volumes"), errors);
        var containers = JsonFields.Arr(spec, "containers");
        ContainerValidator.ValidateContainers(containers, volumes, path.Child("containers"), errors);
        var containerNames = JsonFields.Items(containers).Select(c => JsonFields.Scalar(c.Item, "name") ?? "");
        ContainerValidator.ValidateInitContainers(JsonFields.Arr(spec, "initContainers"), containerNames, volumes, path.Child("initContainers"), errors);

        // Absent policies are defaulted (Always, ClusterFirst) before kube validates, so only given values are checked.
        if (JsonFields.Scalar(spec, "restartPolicy") is { Length: > 0 } restartPolicy && !RestartPolicies.Contains(restartPolicy))
        {
            errors.Add(FieldErrors.NotSupported(path.Child("restartPolicy"), GoFormat.Quote(restartPolicy), RestartPolicies));
        }

        if (JsonFields.Scalar(spec, "dnsPolicy") is { Length: > 0 } dnsPolicy && !DnsPolicies.Contains(dnsPolicy))
        {
            errors.Add(FieldErrors.NotSupported(path.Child("dnsPolicy"), GoFormat.Quote(dnsPolicy), DnsPolicies));
        }

        MetadataValidator.ValidateLabels(JsonFields.Obj(spec, "nodeSelector"), path.Child("nodeSelector"), errors);
        ValidateName(spec, "serviceAccountName", path, NameRules.Dns1123Subdomain, errors);
        ValidateName(spec, "nodeName", path, NameRules.Dns1123Subdomain, errors);
        if (JsonFields.Int(spec, "activeDeadlineSeconds") is long deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Add(FieldErrors.Invalid(path.Child("activeDeadlineSeconds"), GoFormat.Int(deadline), NameRules.InclusiveRange(1, int.MaxValue)));
        }

        ValidateName(spec, "hostname", path, NameRules.Dns1123Label, errors);
        ValidateName(spec, "subdomain", path, NameRules.Dns1123Label, errors);
    }

    private static void ValidateName(JsonObject? spec, string field, string path, Func<string, IReadOnlyList<string>> rule, List<FieldError> errors)
    {
        if (JsonFields.Scalar(spec, field) is { Length: > 0 } value)
        {
            foreach (var message in rule(value))
            {
                errors.Add(FieldErrors.Invalid(path.Child(field), GoFormat.Quote(value), message));
            }
        }
    }
}
