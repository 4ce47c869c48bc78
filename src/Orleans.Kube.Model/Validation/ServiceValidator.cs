using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidateService plus the node-port range check kube's port allocator applies when the service is stored.
/// </summary>
internal static class ServiceValidator
{
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;
    private const int KubeletPort = 10250;
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var type = JsonFields.Scalar(spec, "type") is { Length: > 0 } given ? given : "ClusterIP";
        var ports = JsonFields.Arr(spec, "ports");
        var portCount = ports?.Count ?? 0;
        var headless = IsHeadless(spec);
        if (portCount == 0 && !headless && type != "ExternalName")
        {
            errors.Add(FieldErrors.Required("spec.ports"));
        }

        switch (type)
        {
            case "LoadBalancer":
                foreach (var (index, port) in JsonFields.Items(ports))
                {
                    if (JsonFields.Int(port, "port") == KubeletPort)
                    {
                        errors.Add(FieldErrors.Invalid("spec.ports".Index(index), GoFormat.Int(KubeletPort), $"may not expose port {KubeletPort} externally since it is used by kubelet"));
                    }
                }

                if (headless)
                {
                    errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", GoFormat.Quote("None"), "may not be set to 'None' for LoadBalancer services"));
                }

                break;
            case "NodePort":
                if (headless)
                {
                    errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", GoFormat.Quote("None"), "may not be set to 'None' for NodePort services"));
                }

                break;
            case "ExternalName":
                if (!string.IsNullOrEmpty(JsonFields.Scalar(spec, "clusterIP")) || JsonFields.Arr(spec, "clusterIPs") is { Count: > 0 })
                {
                    errors.Add(FieldErrors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                }

                var externalName = (JsonFields.Scalar(spec, "externalName") ?? "").TrimEnd('.');
                if (externalName.Length == 0)
                {
                    errors.Add(FieldErrors.Required("spec.externalName"));
                }
                else
                {
                    foreach (var message in NameRules.Dns1123Subdomain(externalName))
                    {
                        errors.Add(FieldErrors.Invalid("spec.externalName", GoFormat.Quote(externalName), message));
                    }
                }

                break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, port) in JsonFields.Items(ports))
        {
            ValidatePort(port, portCount > 1, names, "spec.ports".Index(index), errors);
        }

        MetadataValidator.ValidateLabels(JsonFields.Obj(spec, "selector"), "spec.selector", errors);
        if (JsonFields.Scalar(spec, "sessionAffinity") is { Length: > 0 } affinity && affinity is not ("ClientIP" or "None"))
        {
            errors.Add(FieldErrors.NotSupported("spec.sessionAffinity", GoFormat.Quote(affinity), "ClientIP", "None"));
        }

        if (!Types.Contains(type))
        {
            errors.Add(FieldErrors.NotSupported("spec.type", GoFormat.Quote(type), Types));
        }

        ValidateNodePorts(ports, type, errors);
        ValidateUniquePorts(ports, errors);
        ValidateExternalTrafficPolicy(spec, type, errors);
        ValidateClusterIP(spec, errors);
    }

    /// <summary>A given clusterIP (defaulted into clusterIPs[0]) must be "None" or an IP address.</summary>
    private static void ValidateClusterIP(JsonObject? spec, List<FieldError> errors)
    {
        if (JsonFields.Scalar(spec, "clusterIP") is { Length: > 0 } ip && ip != "None" && !System.Net.IPAddress.TryParse(ip, out _))
        {
            errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", GoFormat.Quote(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
    }

    private static void ValidatePort(JsonObject port, bool requireName, HashSet<string> names, string path, List<FieldError> errors)
    {
        var name = JsonFields.Scalar(port, "name") ?? "";
        if (requireName && name.Length == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("name")));
        }
        else if (name.Length > 0)
        {
            foreach (var message in NameRules.Dns1123Label(name))
            {
                errors.Add(FieldErrors.Invalid(path.Child("name"), GoFormat.Quote(name), message));
            }

            if (!names.Add(name))
            {
                errors.Add(FieldErrors.Duplicate(path.Child("name"), GoFormat.Quote(name)));
            }
        }

        var number = JsonFields.Int(port, "port") ?? 0;
        foreach (var message in NameRules.PortNumber(number))
        {
            errors.Add(FieldErrors.Invalid(path.Child("port"), GoFormat.Int(number), message));
        }

        if (JsonFields.Scalar(port, "protocol") is { Length: > 0 } protocol && !ContainerValidator.Protocols.Contains(protocol))
        {
            errors.Add(FieldErrors.NotSupported(path.Child("protocol"), GoFormat.Quote(protocol), ContainerValidator.Protocols));
        }

        // An absent, 0 or "" targetPort is defaulted to the port itself.
        var targetPort = port["targetPort"];
        if (JsonFields.IsString(targetPort) && JsonFields.ScalarText(targetPort) is { Length: > 0 } targetName)
        {
            foreach (var message in NameRules.IanaServiceName(targetName))
            {
                errors.Add(FieldErrors.Invalid(path.Child("targetPort"), GoFormat.Quote(targetName), message));
            }
        }
        else if (JsonFields.Int(targetPort) is long target && target != 0)
        {
            foreach (var message in NameRules.PortNumber(target))
            {
                errors.Add(FieldErrors.Invalid(path.Child("targetPort"), GoFormat.Int(target), message));
            }
        }

        if (JsonFields.Scalar(port, "appProtocol") is { } appProtocol)
        {
            MetadataValidator.ValidateLabelName(appProtocol, path.Child("appProtocol"), errors);
        }
    }

    private static void ValidateNodePorts(JsonArray? ports, string type, List<FieldError> errors)
    {
        var seen = new HashSet<(string, long)>();
        foreach (var (index, port) in JsonFields.Items(ports))
        {
            if (JsonFields.Int(port, "nodePort") is not long nodePort || nodePort == 0)
            {
                continue;
            }

            var path = "spec.ports".Index(index).Child("nodePort");
            if (type == "ClusterIP")
            {
                errors.Add(FieldErrors.Forbidden(path, "may not be used when `type` is 'ClusterIP'"));
            }
            else if (type is "NodePort" or "LoadBalancer" && nodePort is < NodePortMin or > NodePortMax)
            {
                // Reported by the allocator rather than validation, but with the same Invalid shape.
                errors.Add(FieldErrors.Invalid(path, GoFormat.Int(nodePort), $"provided port is not in the valid range. The range of valid ports is {NodePortMin}-{NodePortMax}"));
            }

            if (!seen.Add((Protocol(port), nodePort)))
            {
                errors.Add(FieldErrors.Duplicate(path, GoFormat.Int(nodePort)));
            }
        }
    }

    // Ports must be unique per protocol; kube shows the (protocol, port) key as a %#v ServicePort.
    private static void ValidateUniquePorts(JsonArray? ports, List<FieldError> errors)
    {
        var seen = new HashSet<(string, long)>();
        foreach (var (index, port) in JsonFields.Items(ports))
        {
            var protocol = Protocol(port);
            var number = JsonFields.Int(port, "port") ?? 0;
            if (!seen.Add((protocol, number)))
            {
                var key = $"core.ServicePort{{Name:\"\", Protocol:{GoFormat.Quote(protocol)}, AppProtocol:(*string)(nil), Port:{GoFormat.Int(number)}, " +
                    "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
                errors.Add(FieldErrors.Duplicate("spec.ports".Index(index), key));
            }
        }
    }

    private static void ValidateExternalTrafficPolicy(JsonObject? spec, string type, List<FieldError> errors)
    {
        if (JsonFields.Scalar(spec, "externalTrafficPolicy") is not { Length: > 0 } policy)
        {
            return;
        }

        if (type is not ("NodePort" or "LoadBalancer"))
        {
            errors.Add(FieldErrors.Invalid("spec.externalTrafficPolicy", GoFormat.Quote(policy), "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
        }
        else if (policy is not ("Cluster" or "Local"))
        {
            errors.Add(FieldErrors.NotSupported("spec.externalTrafficPolicy", GoFormat.Quote(policy), "Cluster", "Local"));
        }
    }

    private static string Protocol(JsonObject port) => JsonFields.Scalar(port, "protocol") is { Length: > 0 } protocol ? protocol : "TCP";

    private static bool IsHeadless(JsonObject? spec) =>
        JsonFields.Scalar(spec, "clusterIP") == "None"
        || (JsonFields.Arr(spec, "clusterIPs") is { Count: > 0 } ips && JsonFields.ScalarText(ips[0]) == "None");
}
