using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Model.Validation;

/// <summary>validateContainers / validateInitContainers and the checks common to every container.</summary>
internal static partial class ContainerValidator
{
    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];

    private static readonly string[] DownwardApiFields =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    private static readonly string[] ResourceFieldRefs =
    [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ];

    public static void ValidateContainers(JsonArray? containers, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        if (containers is null || containers.Count == 0)
        {
            errors.Add(FieldErrors.Required(path));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, container) in JsonFields.Items(containers))
        {
            var itemPath = path.Index(index);
            ValidateCommon(container, volumes, itemPath, errors);
            var name = JsonFields.Scalar(container, "name") ?? "";
            if (!names.Add(name))
            {
                errors.Add(FieldErrors.Duplicate(itemPath.Child("name"), GoFormat.Quote(name)));
            }
        }
    }

    /// <summary>Init containers share one namespace of names with the regular containers.</summary>
    public static void ValidateInitContainers(JsonArray? containers, IEnumerable<string> regularNames, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(regularNames, StringComparer.Ordinal);
        foreach (var (index, container) in JsonFields.Items(containers))
        {
            var itemPath = path.Index(index);
            ValidateCommon(container, volumes, itemPath, errors);
            var name = JsonFields.Scalar(container, "name") ?? "";
            if (names.Contains(name))
            {
                errors.Add(FieldErrors.Duplicate(itemPath.Child("name"), GoFormat.Quote(name)));
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }
        }
    }

    private static void ValidateCommon(JsonObject container, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var name = JsonFields.Scalar(container, "name") ?? "";
        if (name.Length == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("name")));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Label(name))
            {
                errors.Add(FieldErrors.Invalid(path.Child("name"), GoFormat.Quote(name), message));
            }
        }

        if (string.IsNullOrEmpty(JsonFields.Scalar(container, "image")))
        {
            errors.Add(FieldErrors.Required(path.Child("image")));
        }

        ValidatePorts(JsonFields.Arr(container, "ports"), path.Child("ports"), errors);
        ValidateEnv(JsonFields.Arr(container, "env"), path.Child("env"), errors);
        ValidateVolumeMounts(JsonFields.Arr(container, "volumeMounts"), volumes, path.Child("volumeMounts"), errors);
        if (JsonFields.Scalar(container, "imagePullPolicy") is { Length: > 0 } pullPolicy && !PullPolicies.Contains(pullPolicy))
        {
            errors.Add(FieldErrors.NotSupported(path.Child("imagePullPolicy"), GoFormat.Quote(pullPolicy), PullPolicies));
        }

        ResourceRequirementsValidator.Validate(JsonFields.Obj(container, "resources"), path.Child("resources"), errors);
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
        {
            ValidateProbeHandler(JsonFields.Obj(container, probe), path.Child(probe), errors);
        }
    }

    /// <summary>validateHandler: a probe runs exactly one of exec, httpGet, tcpSocket and grpc.</summary>
    private static void ValidateProbeHandler(JsonObject? probe, string path, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }

        var handlers = ((string[])["exec", "httpGet", "tcpSocket", "grpc"]).Where(h => probe[h] is not null).ToList();
        if (handlers.Count == 0)
        {
            errors.Add(FieldErrors.Required(path, "must specify a handler type"));
        }

        foreach (var extra in handlers.Skip(1))
        {
            errors.Add(FieldErrors.Forbidden(path.Child(extra), "may not specify more than 1 handler type"));
        }
    }

    private static void ValidatePorts(JsonArray? ports, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, port) in JsonFields.Items(ports))
        {
            var itemPath = path.Index(index);
            if (JsonFields.Scalar(port, "name") is { Length: > 0 } name)
            {
                var messages = NameRules.IanaServiceName(name);
                if (messages.Count > 0)
                {
                    foreach (var message in messages)
                    {
                        errors.Add(FieldErrors.Invalid(itemPath.Child("name"), GoFormat.Quote(name), message));
                    }
                }
                else if (!names.Add(name))
                {
                    errors.Add(FieldErrors.Duplicate(itemPath.Child("name"), GoFormat.Quote(name)));
                }
            }

            var containerPort = JsonFields.Int(port, "containerPort") ?? 0;
            if (containerPort == 0)
            {
                errors.Add(FieldErrors.Required(itemPath.Child("containerPort")));
            }
            else
            {
                foreach (var message in NameRules.PortNumber(containerPort))
                {
                    errors.Add(FieldErrors.Invalid(itemPath.Child("containerPort"), GoFormat.Int(containerPort), message));
                }
            }

            if (JsonFields.Int(port, "hostPort") is long hostPort && hostPort != 0)
            {
                foreach (var message in NameRules.PortNumber(hostPort))
                {
                    errors.Add(FieldErrors.Invalid(itemPath.Child("hostPort"), GoFormat.Int(hostPort), message));
                }
            }

            // An absent protocol defaults to TCP.
            if (JsonFields.Scalar(port, "protocol") is { Length: > 0 } protocol && !Protocols.Contains(protocol))
            {
                errors.Add(FieldErrors.NotSupported(itemPath.Child("protocol"), GoFormat.Quote(protocol), Protocols));
            }
        }
    }

    private static void ValidateEnv(JsonArray? env, string path, List<FieldError> errors)
    {
        foreach (var (index, variable) in JsonFields.Items(env))
        {
            var itemPath = path.Index(index);
            var name = JsonFields.Scalar(variable, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required(itemPath.Child("name")));
            }
            else if (name.Any(c => c is < ' ' or > '~' or '='))
            {
                // RelaxedEnvironmentVariableValidation (beta in 1.32): any printable ASCII except '='.
                errors.Add(FieldErrors.Invalid(itemPath.Child("name"), GoFormat.Quote(name),
                    "a valid environment variable name must consist only of printable ASCII characters other than '='"));
            }

            if (JsonFields.Obj(variable, "valueFrom") is { } valueFrom)
            {
                ValidateValueFrom(valueFrom, !string.IsNullOrEmpty(JsonFields.Scalar(variable, "value")), itemPath.Child("valueFrom"), errors);
            }
        }
    }

    private static void ValidateValueFrom(JsonObject valueFrom, bool hasValue, string path, List<FieldError> errors)
    {
        var sources = 0;
        if (JsonFields.Obj(valueFrom, "fieldRef") is { } fieldRef)
        {
            sources++;
            var fieldPath = JsonFields.Scalar(fieldRef, "fieldPath") ?? "";
            if (fieldPath.Length == 0)
            {
                errors.Add(FieldErrors.Required(path.Child("fieldRef").Child("fieldPath")));
            }
            else if (!SubscriptedFieldRegex().IsMatch(fieldPath) && !DownwardApiFields.Contains(fieldPath))
            {
                errors.Add(FieldErrors.NotSupported(path.Child("fieldRef").Child("fieldPath"), GoFormat.Quote(fieldPath), DownwardApiFields));
            }
        }

        if (JsonFields.Obj(valueFrom, "resourceFieldRef") is { } resourceFieldRef)
        {
            sources++;
            var resource = JsonFields.Scalar(resourceFieldRef, "resource") ?? "";
            if (resource.Length == 0)
            {
                errors.Add(FieldErrors.Required(path.Child("resourceFieldRef").Child("resource")));
            }
            else if (!ResourceFieldRefs.Contains(resource) && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.NotSupported(path.Child("resourceFieldRef").Child("resource"), GoFormat.Quote(resource), ResourceFieldRefs));
            }
        }

        foreach (var reference in (string[])["configMapKeyRef", "secretKeyRef"])
        {
            if (JsonFields.Obj(valueFrom, reference) is not { } keyRef)
            {
                continue;
            }

            sources++;
            var refPath = path.Child(reference);
            var name = JsonFields.Scalar(keyRef, "name") ?? "";
            foreach (var message in NameRules.Dns1123Subdomain(name))
            {
                errors.Add(FieldErrors.Invalid(refPath.Child("name"), GoFormat.Quote(name), message));
            }

            var key = JsonFields.Scalar(keyRef, "key") ?? "";
            if (key.Length == 0)
            {
                errors.Add(FieldErrors.Required(refPath.Child("key")));
            }
            else
            {
                foreach (var message in NameRules.ConfigMapKey(key))
                {
                    errors.Add(FieldErrors.Invalid(refPath.Child("key"), GoFormat.Quote(key), message));
                }
            }
        }

        if (sources == 0)
        {
            errors.Add(FieldErrors.Invalid(path, "\"\"", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (hasValue)
        {
            errors.Add(FieldErrors.Invalid(path, "\"\"", "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errors.Add(FieldErrors.Invalid(path, "\"\"", "may not have more than one field specified at a time"));
        }
    }

    private static void ValidateVolumeMounts(JsonArray? mounts, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, mount) in JsonFields.Items(mounts))
        {
            var itemPath = path.Index(index);
            var name = JsonFields.Scalar(mount, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required(itemPath.Child("name")));
            }

            if (!volumes.Contains(name))
            {
                errors.Add(FieldErrors.NotFound(itemPath.Child("name"), GoFormat.Quote(name)));
            }

            var mountPath = JsonFields.Scalar(mount, "mountPath") ?? "";
            if (mountPath.Length == 0)
            {
                errors.Add(FieldErrors.Required(itemPath.Child("mountPath")));
            }

            if (!mountPoints.Add(mountPath))
            {
                errors.Add(FieldErrors.Invalid(itemPath.Child("mountPath"), GoFormat.Quote(mountPath), "must be unique"));
            }
        }
    }

    [GeneratedRegex(@"\Ametadata\.(labels|annotations)\['[^']+'\]\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptedFieldRegex();
}
