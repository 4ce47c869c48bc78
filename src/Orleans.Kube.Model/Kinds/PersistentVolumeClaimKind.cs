using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// v1 PersistentVolumeClaim: kube's defaults (Filesystem, phase Pending), ValidatePersistentVolumeClaimSpec
/// (access modes, a storage request) and printPersistentVolumeClaim.
/// </summary>
internal static class PersistentVolumeClaimKind
{
    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1PersistentVolumeClaim>("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], subresources: ["status"]) with
        {
            Defaults = Defaults,
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, (obj, errors) => ValidateSpec(JsonFields.Obj(obj, "spec"), "spec", errors)),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Status", "Phase represents the current phase of PersistentVolumeClaim."),
                Columns.Text("Volume", "VolumeName is the binding reference to the PersistentVolume backing this claim."),
                Columns.Text("Capacity", "Capacity represents the actual resources of the underlying volume."),
                Columns.Text("Access Modes", "AccessModes contains the actual access modes the volume backing the PVC has."),
                Columns.Text("StorageClass", "StorageClassName is the name of the StorageClass required by the claim."),
                Columns.Text("VolumeAttributesClass", "VolumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim."),
                Columns.Age,
                Columns.Text("VolumeMode", "VolumeMode defines what type of volume is required by the claim.", 1),
            ], Cells),
        };

    /// <summary>Also the defaults of a StatefulSet's volumeClaimTemplates.</summary>
    internal static void Defaults(JsonObject obj)
    {
        var spec = Obj(obj, "spec") ?? new JsonObject();
        obj["spec"] = spec;
        spec.TryAdd("volumeMode", "Filesystem");
        var status = Obj(obj, "status") ?? new JsonObject();
        obj["status"] = status;
        status.TryAdd("phase", "Pending");
    }

    /// <summary>ValidatePersistentVolumeClaimSpec (also used for volumeClaimTemplates).</summary>
    internal static void ValidateSpec(JsonObject? spec, string path, List<FieldError> errors)
    {
        StorageFields.ValidateAccessModes(spec, path, errors);
        var requests = JsonFields.Obj(JsonFields.Obj(spec, "resources"), "requests");
        if (requests?["storage"] is null)
            errors.Add(FieldErrors.Required($"{path}.resources[storage]"));
        else
            StorageFields.ValidateStorage(requests, $"{path}.resources.requests", errors);
    }

    /// <summary>printPersistentVolumeClaim: capacity and access modes only once bound.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var phase = Str(obj, "status", "phase") ?? "";
        var bound = phase == "Bound";
        return
        [
            Text(obj, "metadata", "name"),
            obj["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : phase,
            Str(obj, "spec", "volumeName") ?? "",
            bound ? Str(obj, "status", "capacity", "storage") ?? "" : "",
            bound ? StorageFields.AccessModes(obj["status"]?["accessModes"]) : "",
            Str(obj, "spec", "storageClassName") ?? "",
            Str(obj, "spec", "volumeAttributesClassName") ?? "<unset>",
            HumanDurations.Age(obj, now),
            Str(obj, "spec", "volumeMode") ?? "",
        ];
    }
}
