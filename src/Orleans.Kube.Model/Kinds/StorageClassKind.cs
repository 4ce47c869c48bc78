using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// storage.k8s.io/v1 StorageClass, stored only (no provisioner runs yet): kube's defaults, ValidateStorageClass
/// (provisioner, parameters, reclaimPolicy, volumeBindingMode) and printStorageClass.
/// </summary>
internal static class StorageClassKind
{
    private const int MaxParameters = 512;
    private const int MaxParametersSize = 256 * 1024;
    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1StorageClass>("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]) with
        {
            Defaults = Defaults,
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Text("Provisioner", "Indicates the type of the provisioner."),
                Columns.Text("ReclaimPolicy", "Indicates the type of the reclaim policy."),
                Columns.Text("VolumeBindingMode", "Indicates how PersistentVolumeClaims should be bound."),
                Columns.Text("AllowVolumeExpansion", "Indicates whether the storage class allow volume expand."),
                Columns.Age,
            ], Cells),
        };

    /// <summary>SetDefaults_StorageClass.</summary>
    private static void Defaults(JsonObject obj)
    {
        obj.TryAdd("reclaimPolicy", "Delete");
        obj.TryAdd("volumeBindingMode", "Immediate");
    }

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var provisioner = JsonFields.Scalar(obj, "provisioner") ?? "";
        if (provisioner.Length == 0)
            errors.Add(FieldErrors.Required("provisioner"));
        else
            foreach (var message in NameRules.QualifiedName(provisioner.ToLowerInvariant()))
                errors.Add(FieldErrors.Invalid("provisioner", GoFormat.Quote(provisioner.ToLowerInvariant()), message));

        var parameters = JsonFields.StringMap(obj, "parameters");
        if (parameters.Count > MaxParameters)
            errors.Add(FieldErrors.TooLong("parameters", MaxParameters));
        else
        {
            if (parameters.ContainsKey(""))
                errors.Add(FieldErrors.Invalid("parameters", GoFormat.Quote(""), "field can not be empty."));
            if (parameters.Sum(p => (long)NameRules.ByteLength(p.Key) + NameRules.ByteLength(p.Value)) > MaxParametersSize)
                errors.Add(FieldErrors.TooLong("parameters", MaxParametersSize));
        }

        if (JsonFields.Scalar(obj, "reclaimPolicy") is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
            errors.Add(FieldErrors.NotSupported("reclaimPolicy", GoFormat.Quote(policy), ReclaimPolicies));

        var mode = JsonFields.Scalar(obj, "volumeBindingMode");
        if (mode is null)
            errors.Add(FieldErrors.Required("volumeBindingMode"));
        else if (!BindingModes.Contains(mode))
            errors.Add(FieldErrors.NotSupported("volumeBindingMode", GoFormat.Quote(mode), BindingModes));
    }

    /// <summary>printStorageClass: the default class gets " (default)" after its name.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var annotations = Obj(obj, "metadata", "annotations");
        var isDefault = Str(annotations, "storageclass.kubernetes.io/is-default-class") == "true"
            || Str(annotations, "storageclass.beta.kubernetes.io/is-default-class") == "true";
        return
        [
            Text(obj, "metadata", "name") + (isDefault ? " (default)" : ""),
            Text(obj, "provisioner"),
            Str(obj, "reclaimPolicy") ?? "Delete",
            Str(obj, "volumeBindingMode") ?? "Immediate",
            Bool(obj, "allowVolumeExpansion") ?? false,
            HumanDurations.Age(obj, now),
        ];
    }
}
