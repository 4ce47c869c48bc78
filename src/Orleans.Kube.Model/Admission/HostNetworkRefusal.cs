using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Admission;

/// <summary>
/// hostNetwork is refused, not dropped: every pod here has a network namespace of its own (the sandbox), whose
/// redirect rules the node agent writes into it; in the host's namespace those rules would rewrite the host's
/// traffic, and the pod would get the node's address in place of the pod IP its Services and DNS name.
/// </summary>
public static class HostNetworkRefusal
{
    public const string Detail = "hostNetwork pods are not supported by this cluster: every pod runs in a network namespace of its own";

    public static FieldError? Check(ResourceKind kind, JsonObject obj)
    {
        if (PodTemplates.SpecOf(kind, obj) is not { } spec || spec["hostNetwork"] is not JsonValue value
            || !value.TryGetValue<bool>(out var hostNetwork) || !hostNetwork)
            return null;
        var path = kind.Kind switch
        {
            "Pod" => "spec.hostNetwork",
            "CronJob" => "spec.jobTemplate.spec.template.spec.hostNetwork",
            _ => "spec.template.spec.hostNetwork",
        };
        return FieldErrors.Forbidden(path, Detail);
    }
}
