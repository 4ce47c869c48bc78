using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// apps/v1 ControllerRevision: the immutable snapshots DaemonSets and StatefulSets keep of their templates.
/// kube's ValidateControllerRevision (data required, revision non-negative) and printControllerRevision.
/// </summary>
internal static class ControllerRevisionKind
{
    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1ControllerRevision>("apps", "v1", "ControllerRevision", "controllerrevisions", true) with
        {
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Controller", "Controller of the object"),
                Columns.Text("Revision", "Revision indicates the revision of the state represented by Data."),
                Columns.Age,
            ], Cells),
        };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        if (obj["data"] is null)
            errors.Add(FieldErrors.Required("data", "data is mandatory"));
        if (JsonFields.Int(obj, "revision") is < 0 and var revision)
            errors.Add(FieldErrors.Invalid("revision", GoFormat.Int(revision), Messages.NonNegative));
    }

    /// <summary>The controller prints as "daemonset.apps/web" (kind.group lowercased, then the name), or "&lt;none&gt;".</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var controller = Objects(obj, "metadata", "ownerReferences").FirstOrDefault(r => Bool(r, "controller") == true);
        var controllerName = "<none>";
        if (controller is not null)
        {
            var apiVersion = Text(controller, "apiVersion");
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            var kind = Text(controller, "kind");
            var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
            controllerName = groupKind.Length == 0 ? Text(controller, "name") : $"{groupKind.ToLowerInvariant()}/{Text(controller, "name")}";
        }
        return [Text(obj, "metadata", "name"), controllerName, Int(obj, "revision") ?? 0, HumanDurations.Age(obj, now)];
    }
}
