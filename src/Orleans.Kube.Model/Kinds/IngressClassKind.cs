using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// networking.k8s.io/v1 IngressClass: ValidateIngressClass (a domain-prefixed controller name, parameters) and
/// printIngressClass. The cluster's own class is <see cref="DefaultName"/>, installed on first start.
/// </summary>
public static class IngressClassKind
{
    /// <summary>The class the bootstrap installs and marks default.</summary>
    public const string DefaultName = "okube";

    /// <summary>The controller name the node's ingress proxy answers to.</summary>
    public const string Controller = "okube.io/ingress";

    /// <summary>The annotation that marks the cluster's default class.</summary>
    public const string IsDefaultAnnotation = "ingressclass.kubernetes.io/is-default-class";

    private const int MaxControllerLength = 250;
    private static readonly string[] Scopes = ["Cluster", "Namespace"];

    internal static readonly ResourceKind Declaration =
        ResourceKind.Of<V1IngressClass>("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false) with
        {
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Controller", "Controller that is responsible for handling this class"),
                Columns.Text("Parameters", "A reference to a resource with additional parameters"),
                Columns.Age,
            ], Cells),
            ProtoMessage = "networking.IngressClass",
        };

    /// <summary>The default class as the bootstrap creates it.</summary>
    public static JsonObject Default() => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "IngressClass",
        ["metadata"] = new JsonObject
        {
            ["name"] = DefaultName,
            ["annotations"] = new JsonObject { [IsDefaultAnnotation] = "true" },
        },
        ["spec"] = new JsonObject { ["controller"] = Controller },
    };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var controller = JsonFields.Scalar(spec, "controller") ?? "";
        if (controller.Length == 0)
            errors.Add(FieldErrors.Required("spec.controller"));
        else
        {
            if (controller.Length > MaxControllerLength)
                errors.Add(FieldErrors.TooLong("spec.controller", MaxControllerLength));
            // IsDomainPrefixedPath: a DNS subdomain, then a path.
            var slash = controller.IndexOf('/');
            if (slash <= 0)
                errors.Add(FieldErrors.Invalid("spec.controller", GoFormat.Quote(controller), "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            else
                foreach (var message in NameRules.Dns1123Subdomain(controller[..slash]))
                    errors.Add(FieldErrors.Invalid("spec.controller", GoFormat.Quote(controller[..slash]), message));
        }

        if (JsonFields.Obj(spec, "parameters") is { } parameters)
        {
            if ((JsonFields.Scalar(parameters, "kind") ?? "").Length == 0)
                errors.Add(FieldErrors.Required("spec.parameters.kind"));
            if ((JsonFields.Scalar(parameters, "name") ?? "").Length == 0)
                errors.Add(FieldErrors.Required("spec.parameters.name"));
            var scope = JsonFields.Scalar(parameters, "scope");
            if (scope is not null && !Scopes.Contains(scope))
                errors.Add(FieldErrors.NotSupported("spec.parameters.scope", GoFormat.Quote(scope), Scopes));
        }
    }

    /// <summary>printIngressClass.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var parameters = Obj(obj, "spec", "parameters");
        var shown = "<none>";
        if (parameters is not null)
        {
            shown = Text(parameters, "kind");
            if (Str(parameters, "apiGroup") is { Length: > 0 } group)
                shown += "." + group;
            shown += "/" + Text(parameters, "name");
        }
        return
        [
            Text(obj, "metadata", "name"),
            Text(obj, "spec", "controller"),
            shown,
            HumanDurations.Age(obj, now),
        ];
    }
}
