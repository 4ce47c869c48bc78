using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// networking.k8s.io/v1 Ingress: kube's ValidateIngressCreate/Update rules (rules and hosts with wildcards,
/// paths by pathType, backends, TLS) and printIngress (CLASS HOSTS ADDRESS PORTS AGE). The node's ingress
/// proxy serves them and fills in status.loadBalancer.
/// </summary>
internal static partial class IngressKind
{
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];
    private const string WildcardMessage = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1Ingress>("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], subresources: ["status"]) with
        {
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Class", "The name of the IngressClass resource that should be used"),
                Columns.Text("Hosts", "The hosts specified in the Ingress"),
                Columns.Text("Address", "The IP address of the LoadBalancer Ingress"),
                Columns.Text("Ports", "The ports of the Ingress"),
                Columns.Age,
            ], Cells),
            ProtoMessage = "networking.Ingress",
        };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var rules = JsonFields.Arr(spec, "rules");
        var defaultBackend = JsonFields.Obj(spec, "defaultBackend");
        if (defaultBackend is null && (rules is null || rules.Count == 0))
            errors.Add(FieldErrors.Invalid("spec", "null", "either `defaultBackend` or `rules` must be specified"));
        if (defaultBackend is not null)
            ValidateBackend(defaultBackend, "spec.defaultBackend", errors);

        foreach (var (i, rule) in JsonFields.Items(rules))
        {
            var path = "spec.rules".Index(i);
            if (JsonFields.Scalar(rule, "host") is { Length: > 0 } host)
                ValidateHost(host, path.Child("host"), errors, rejectIp: true);
            if (JsonFields.Obj(rule, "http") is { } http)
                ValidateHttp(http, path.Child("http"), errors);
        }

        foreach (var (i, tls) in JsonFields.Items(JsonFields.Arr(spec, "tls")))
        {
            var path = "spec.tls".Index(i);
            foreach (var (j, host) in JsonFields.Strings(JsonFields.Arr(tls, "hosts")).Select((h, j) => (j, h)))
                ValidateHost(host, path.Child("hosts").Index(j), errors, rejectIp: false);
            if (JsonFields.Scalar(tls, "secretName") is { Length: > 0 } secret)
                foreach (var message in NameRules.Dns1123Subdomain(secret))
                    errors.Add(FieldErrors.Invalid(path.Child("secretName"), GoFormat.Quote(secret), message));
        }

        if (JsonFields.Scalar(spec, "ingressClassName") is { } className)
            foreach (var message in NameRules.Dns1123Subdomain(className))
                errors.Add(FieldErrors.Invalid("spec.ingressClassName", GoFormat.Quote(className), message));
    }

    /// <summary>A host is a DNS subdomain, or "*." and one (ValidateIngressRuleValue, validateIngressTLS).</summary>
    private static void ValidateHost(string host, string path, List<FieldError> errors, bool rejectIp)
    {
        if (rejectIp && IPAddress.TryParse(host, out _))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(host), "must be a DNS name, not an IP address"));
            return;
        }
        if (host.Contains('*'))
        {
            if (NameRules.ByteLength(host) > 253)
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(host), "must be no more than 253 characters"));
            if (!WildcardRegex().IsMatch(host))
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(host), WildcardMessage));
            return;
        }
        foreach (var message in NameRules.Dns1123Subdomain(host))
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(host), message));
    }

    private static void ValidateHttp(JsonObject http, string path, List<FieldError> errors)
    {
        var paths = JsonFields.Arr(http, "paths");
        if (paths is null || paths.Count == 0)
            errors.Add(FieldErrors.Required(path.Child("paths")));
        foreach (var (i, entry) in JsonFields.Items(paths))
        {
            var at = path.Child("paths").Index(i);
            var value = JsonFields.Scalar(entry, "path") ?? "";
            var pathType = JsonFields.Scalar(entry, "pathType");
            if (pathType is null)
                errors.Add(FieldErrors.Required(at.Child("pathType"), "pathType must be specified"));
            else if (!PathTypes.Contains(pathType))
                errors.Add(FieldErrors.NotSupported(at.Child("pathType"), GoFormat.Quote(pathType), PathTypes));
            else if (pathType is "Exact" or "Prefix")
            {
                if (!value.StartsWith('/'))
                    errors.Add(FieldErrors.Invalid(at.Child("path"), GoFormat.Quote(value), "must be an absolute path"));
                if (InvalidPathSequences.FirstOrDefault(s => value.Contains(s, StringComparison.Ordinal)) is { } sequence)
                    errors.Add(FieldErrors.Invalid(at.Child("path"), GoFormat.Quote(value), $"must not contain '{sequence}'"));
                if (InvalidPathSuffixes.FirstOrDefault(s => value.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
                    errors.Add(FieldErrors.Invalid(at.Child("path"), GoFormat.Quote(value), $"cannot end with '{suffix}'"));
            }
            else if (value.Length > 0 && !value.StartsWith('/'))
                errors.Add(FieldErrors.Invalid(at.Child("path"), GoFormat.Quote(value), "must be an absolute path"));
            if (JsonFields.Obj(entry, "backend") is { } backend)
                ValidateBackend(backend, at.Child("backend"), errors);
            else
                errors.Add(FieldErrors.Required(at.Child("backend")));
        }
    }

    /// <summary>validateIngressBackend: a service (name and a port by name or number) or a resource, not both.</summary>
    private static void ValidateBackend(JsonObject backend, string path, List<FieldError> errors)
    {
        var service = JsonFields.Obj(backend, "service");
        var resource = JsonFields.Obj(backend, "resource");
        if (service is not null && resource is not null)
        {
            errors.Add(FieldErrors.Invalid(path, "\"\"", "cannot set both resource and service backends"));
            return;
        }
        if (resource is not null)
        {
            // A resource backend names an object of some other API; this proxy forwards only to Services.
            errors.Add(FieldErrors.Forbidden(path.Child("resource"), "resource backends are not supported by this cluster's ingress proxy; use service"));
            return;
        }
        if (service is null)
        {
            errors.Add(FieldErrors.Required(path, "one of `service` or `resource` must be specified"));
            return;
        }
        var name = JsonFields.Scalar(service, "name") ?? "";
        if (name.Length == 0)
            errors.Add(FieldErrors.Required(path.Child("service", "name")));
        else
            foreach (var message in NameRules.Dns1035Label(name))
                errors.Add(FieldErrors.Invalid(path.Child("service", "name"), GoFormat.Quote(name), message));
        var port = JsonFields.Obj(service, "port");
        var portName = JsonFields.Scalar(port, "name") ?? "";
        var portNumber = JsonFields.Int(port, "number") ?? 0;
        var portPath = path.Child("service", "port");
        if (portName.Length > 0 && portNumber != 0)
            errors.Add(FieldErrors.Invalid(portPath, "{}", "cannot set both port name & port number"));
        else if (portName.Length > 0)
            foreach (var message in NameRules.IanaServiceName(portName))
                errors.Add(FieldErrors.Invalid(portPath.Child("name"), GoFormat.Quote(portName), message));
        else if (portNumber != 0)
            foreach (var message in NameRules.PortNumber(portNumber))
                errors.Add(FieldErrors.Invalid(portPath.Child("number"), portNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), message));
        else
            errors.Add(FieldErrors.Required(portPath, "port name or number is required"));
    }

    private static string Child(this string path, string first, string second) => path.Child(first).Child(second);

    /// <summary>printIngress.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now) =>
    [
        Text(obj, "metadata", "name"),
        Str(obj, "spec", "ingressClassName") ?? "<none>",
        Hosts(Objects(obj, "spec", "rules").ToList()),
        LoadBalancerAddresses(obj),
        Count(obj, "spec", "tls") > 0 ? "80, 443" : "80",
        HumanDurations.Age(obj, now),
    ];

    /// <summary>formatHosts: up to three hosts, then how many rules are left; "*" when no rule names a host.</summary>
    private static string Hosts(List<JsonObject> rules)
    {
        const int max = 3;
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (hosts.Count == max)
                more = true;
            if (!more && Str(rule, "host") is { Length: > 0 } host)
                hosts.Add(host);
        }
        if (hosts.Count == 0)
            return "*";
        var text = string.Join(",", hosts);
        return more ? $"{text} + {rules.Count - max} more..." : text;
    }

    /// <summary>ingressLoadBalancerStatusStringer (not wide): IPs and host names, cut at 16 characters.</summary>
    private static string LoadBalancerAddresses(JsonObject obj)
    {
        var text = string.Join(",", Objects(obj, "status", "loadBalancer", "ingress")
            .SelectMany(i => new[] { Str(i, "ip"), Str(i, "hostname") }).Where(s => !string.IsNullOrEmpty(s)));
        return text.Length > 16 ? text[..13] + "..." : text;
    }

    [GeneratedRegex(@"\A\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex WildcardRegex();
}
