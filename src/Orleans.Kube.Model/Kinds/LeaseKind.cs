using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// coordination.k8s.io/v1 Lease, stored only: the node grains renew one per node in kube-node-lease (what
/// `kubectl describe node` shows), and clients may hold their own. ValidateLeaseSpec and printLease.
/// </summary>
internal static class LeaseKind
{
    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1Lease>("coordination.k8s.io", "v1", "Lease", "leases", true) with
        {
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Holder", "Name of the holder of the lease"),
                Columns.Age,
            ], Cells),
            ProtoMessage = null,
        };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        if (JsonFields.Int(spec, "leaseDurationSeconds") is long duration && duration <= 0)
            errors.Add(FieldErrors.Invalid("spec.leaseDurationSeconds", GoFormat.Int(duration), "must be greater than 0"));
        if (JsonFields.Int(spec, "leaseTransitions") is long transitions && transitions < 0)
            errors.Add(FieldErrors.Invalid("spec.leaseTransitions", GoFormat.Int(transitions), "must be greater than or equal to 0"));
    }

    private static object?[] Cells(JsonObject obj, DateTime now) =>
    [
        Text(obj, "metadata", "name"),
        Str(Obj(obj, "spec"), "holderIdentity") ?? "",
        HumanDurations.Age(obj, now),
    ];
}
