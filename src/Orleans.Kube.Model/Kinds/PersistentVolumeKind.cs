using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// v1 PersistentVolume (cluster-scoped): kube's defaults (Retain, Filesystem, phase Pending), the parts of
/// ValidatePersistentVolume that apply to the sources a node here can mount (hostPath, local) and printPersistentVolume.
/// </summary>
internal static class PersistentVolumeKind
{
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];
    private static readonly string[] Sources = ["hostPath", "local"];

    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1PersistentVolume>("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"], subresources: ["status"]) with
        {
            Defaults = Defaults,
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Capacity", "Capacity is the description of the persistent volume's resources and capacity."),
                Columns.Text("Access Modes", "AccessModes contains all ways the volume can be mounted."),
                Columns.Text("Reclaim Policy", "What happens to a persistent volume when released from its claim."),
                Columns.Text("Status", "Phase indicates if a volume is available, bound to a claim, or released by a claim."),
                Columns.Text("Claim", "ClaimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
                Columns.Text("StorageClass", "StorageClassName is the name of StorageClass to which this persistent volume belongs."),
                Columns.Text("VolumeAttributesClass", "VolumeAttributesClassName is the name of VolumeAttributesClass to which this persistent volume belongs."),
                Columns.Text("Reason", "Reason is a brief CamelCase string that describes any failure."),
                Columns.Age,
                Columns.Text("VolumeMode", "Defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1),
            ], Cells),
            FieldLabels = ["name"],
        };

    private static void Defaults(JsonObject obj)
    {
        var spec = Obj(obj, "spec") ?? new JsonObject();
        obj["spec"] = spec;
        spec.TryAdd("persistentVolumeReclaimPolicy", "Retain");
        spec.TryAdd("volumeMode", "Filesystem");
        var status = Obj(obj, "status") ?? new JsonObject();
        obj["status"] = status;
        status.TryAdd("phase", "Pending");
    }

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        StorageFields.ValidateAccessModes(spec, "spec", errors);
        var capacity = JsonFields.Obj(spec, "capacity");
        if (capacity is null || capacity.Count == 0)
            errors.Add(FieldErrors.Required("spec.capacity"));
        else
            StorageFields.ValidateStorage(capacity, "spec.capacity", errors);
        if (JsonFields.Scalar(spec, "persistentVolumeReclaimPolicy") is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
            errors.Add(FieldErrors.NotSupported("spec.persistentVolumeReclaimPolicy", GoFormat.Quote(policy), ReclaimPolicies));
        var sources = Sources.Where(s => JsonFields.Has(spec, s)).ToList();
        if (sources.Count == 0)
            errors.Add(FieldErrors.Required("spec", "must specify a volume type"));
        else if (sources.Count > 1)
            errors.Add(FieldErrors.Forbidden($"spec.{sources[1]}", "may not specify more than 1 volume type"));
        foreach (var source in sources)
            if (JsonFields.Scalar(JsonFields.Obj(spec, source), "path") is not { Length: > 0 })
                errors.Add(FieldErrors.Required($"spec.{source}.path"));
        if (JsonFields.Has(spec, "local") && !JsonFields.Has(spec, "nodeAffinity"))
            errors.Add(FieldErrors.Required("spec.nodeAffinity", "Local volume requires node affinity"));
    }

    /// <summary>printPersistentVolume.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var claim = Obj(obj, "spec", "claimRef");
        return
        [
            Text(obj, "metadata", "name"),
            Str(obj, "spec", "capacity", "storage") ?? "",
            StorageFields.AccessModes(obj["spec"]?["accessModes"]),
            Str(obj, "spec", "persistentVolumeReclaimPolicy") ?? "",
            Str(obj, "status", "phase") ?? "",
            claim is null ? "" : $"{Str(claim, "namespace")}/{Str(claim, "name")}",
            Str(obj, "spec", "storageClassName") ?? "",
            Str(obj, "spec", "volumeAttributesClassName") ?? "<unset>",
            Str(obj, "status", "reason") ?? "",
            HumanDurations.Age(obj, now),
            Str(obj, "spec", "volumeMode") ?? "",
        ];
    }
}
