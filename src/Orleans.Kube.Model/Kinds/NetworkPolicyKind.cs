using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Networking;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// networking.k8s.io/v1 NetworkPolicy: kube's defaults (policyTypes, port protocols), ValidateNetworkPolicySpec
/// (selectors, peers, ipBlocks, ports with endPort, policyTypes) and printNetworkPolicy. Every worker silo's pod
/// network enforces them (src/Orleans.Kube.Proxy/Policy).
/// </summary>
internal static class NetworkPolicyKind
{
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];
    private static readonly string[] PortProtocols = ["TCP", "UDP", "SCTP"];
    private const string CidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1NetworkPolicy>("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]) with
        {
            Defaults = Defaults,
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Pod-Selector", "A label query over a set of resources, in this case pods."),
                Columns.Age,
            ], Cells),
            ProtoMessage = "networking.NetworkPolicy",
        };

    /// <summary>SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort.</summary>
    private static void Defaults(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
            obj["spec"] = spec = [];
        if (spec["podSelector"] is null)
            spec["podSelector"] = new JsonObject();
        var egress = spec["egress"] as JsonArray;
        if (spec["policyTypes"] is not JsonArray { Count: > 0 })
        {
            // A policy without policyTypes is an ingress policy, and an egress one too when it has egress rules.
            var types = new JsonArray("Ingress");
            if (egress is { Count: > 0 })
                types.Add("Egress");
            spec["policyTypes"] = types;
        }
        foreach (var rule in (spec["ingress"] as JsonArray ?? []).Concat(egress ?? []).OfType<JsonObject>())
            foreach (var port in (rule["ports"] as JsonArray ?? []).OfType<JsonObject>())
                port.TryAdd("protocol", "TCP");
    }

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        LabelSelectorValidator.Validate(JsonFields.Obj(spec, "podSelector") ?? [], "spec.podSelector", errors);
        foreach (var (i, rule) in JsonFields.Items(JsonFields.Arr(spec, "ingress")))
            ValidateRule(rule, "spec.ingress".Index(i), "from", errors);
        foreach (var (i, rule) in JsonFields.Items(JsonFields.Arr(spec, "egress")))
            ValidateRule(rule, "spec.egress".Index(i), "to", errors);

        var types = JsonFields.Strings(JsonFields.Arr(spec, "policyTypes")).ToList();
        if (types.Count > PolicyTypes.Length)
        {
            errors.Add(FieldErrors.Invalid("spec.policyTypes", "[]" + string.Join(" ", types), "may not specify more than two policyTypes"));
            return;
        }
        for (var i = 0; i < types.Count; i++)
            if (!PolicyTypes.Contains(types[i]))
                errors.Add(FieldErrors.NotSupported("spec.policyTypes".Index(i), GoFormat.Quote(types[i]), PolicyTypes));
    }

    private static void ValidateRule(JsonObject rule, string path, string peers, List<FieldError> errors)
    {
        foreach (var (i, port) in JsonFields.Items(JsonFields.Arr(rule, "ports")))
            ValidatePort(port, path.Child("ports").Index(i), errors);
        foreach (var (i, peer) in JsonFields.Items(JsonFields.Arr(rule, peers)))
            ValidatePeer(peer, path.Child(peers).Index(i), errors);
    }

    /// <summary>ValidateNetworkPolicyPort.</summary>
    private static void ValidatePort(JsonObject port, string path, List<FieldError> errors)
    {
        if (JsonFields.Scalar(port, "protocol") is { } protocol && !PortProtocols.Contains(protocol))
            errors.Add(FieldErrors.NotSupported(path.Child("protocol"), GoFormat.Quote(protocol), PortProtocols));
        var endPort = JsonFields.Int(port, "endPort");
        var number = port["port"];
        if (number is null)
        {
            if (endPort is { } end)
                errors.Add(FieldErrors.Invalid(path.Child("endPort"), GoFormat.Int(end), "may not be specified when `port` is not specified"));
        }
        else if (JsonFields.IsString(number))
        {
            if (endPort is { } end)
                errors.Add(FieldErrors.Invalid(path.Child("endPort"), GoFormat.Int(end), "may not be specified when `port` is non-numeric"));
            var name = JsonFields.ScalarText(number);
            foreach (var message in NameRules.IanaServiceName(name))
                errors.Add(FieldErrors.Invalid(path.Child("port"), GoFormat.Quote(name), message));
        }
        else
        {
            var value = JsonFields.Int(number) ?? 0;
            foreach (var message in NameRules.PortNumber(value))
                errors.Add(FieldErrors.Invalid(path.Child("port"), GoFormat.Int(value), message));
            if (endPort is { } end)
            {
                if (end < value)
                    errors.Add(FieldErrors.Invalid(path.Child("endPort"), GoFormat.Int(value), "must be greater than or equal to `port`"));
                foreach (var message in NameRules.PortNumber(end))
                    errors.Add(FieldErrors.Invalid(path.Child("endPort"), GoFormat.Int(end), message));
            }
        }
    }

    /// <summary>ValidateNetworkPolicyPeer: one of the selectors (both together allowed) or an ipBlock alone.</summary>
    private static void ValidatePeer(JsonObject peer, string path, List<FieldError> errors)
    {
        var count = 0;
        foreach (var selector in new[] { "podSelector", "namespaceSelector" })
            if (JsonFields.Obj(peer, selector) is { } value)
            {
                count++;
                LabelSelectorValidator.Validate(value, path.Child(selector), errors);
            }
        var block = JsonFields.Obj(peer, "ipBlock");
        if (block is not null)
        {
            count++;
            ValidateIpBlock(block, path.Child("ipBlock"), errors);
        }
        if (count == 0)
            errors.Add(FieldErrors.Required(path, "must specify a peer"));
        else if (count > 1 && block is not null)
            errors.Add(FieldErrors.Forbidden(path, "may not specify both ipBlock and another peer"));
    }

    /// <summary>ValidateIPBlock: a CIDR, and exceptions that are strict subsets of it.</summary>
    private static void ValidateIpBlock(JsonObject block, string path, List<FieldError> errors)
    {
        var cidr = JsonFields.Scalar(block, "cidr") ?? "";
        if (cidr.Length == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("cidr")));
            return;
        }
        if (!Cidr.TryParse(cidr, out var network))
        {
            errors.Add(FieldErrors.Invalid(path.Child("cidr"), GoFormat.Quote(cidr), CidrMessage));
            return;
        }
        foreach (var (i, text) in JsonFields.Strings(JsonFields.Arr(block, "except")).Select((t, i) => (i, t)))
        {
            var exceptPath = path.Child("except").Index(i);
            if (!Cidr.TryParse(text, out var except))
                errors.Add(FieldErrors.Invalid(exceptPath, GoFormat.Quote(text), CidrMessage));
            else if (!network.Contains(except.BaseAddress) || network.PrefixLength >= except.PrefixLength)
                errors.Add(FieldErrors.Invalid(exceptPath, GoFormat.Quote(text), "must be a strict subset of `cidr`"));
        }
    }

    /// <summary>printNetworkPolicy.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now) =>
    [
        Text(obj, "metadata", "name"),
        LabelFormatting.FormatLabelSelector(At(obj, "spec", "podSelector")),
        HumanDurations.Age(obj, now),
    ];
}
