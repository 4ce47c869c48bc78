using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Kinds;

/// <summary>Fields PersistentVolumes and PersistentVolumeClaims share: access modes and the storage quantity.</summary>
internal static class StorageFields
{
    private static readonly string[] Modes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    public static void ValidateAccessModes(JsonObject? spec, string path, List<FieldError> errors)
    {
        var modes = JsonFields.Strings(JsonFields.Arr(spec, "accessModes")).ToList();
        if (modes.Count == 0)
            errors.Add(FieldErrors.Required($"{path}.accessModes", "at least 1 access mode is required"));
        foreach (var mode in modes.Where(m => !Modes.Contains(m)))
            errors.Add(FieldErrors.NotSupported($"{path}.accessModes", GoFormat.Quote(mode), Modes));
        if (modes.Contains("ReadWriteOncePod") && modes.Count > 1)
            errors.Add(FieldErrors.Forbidden($"{path}.accessModes", "may not use ReadWriteOncePod with other access modes"));
    }

    public static void ValidateStorage(JsonObject list, string path, List<FieldError> errors)
    {
        if (!Quantity.TryParse(list["storage"], out var quantity, out var error))
            errors.Add(FieldErrors.Invalid($"{path}[storage]", GoFormat.Quote(JsonFields.ScalarText(list["storage"])), error));
        else if (quantity.Nanos.Sign <= 0)
            errors.Add(FieldErrors.Invalid($"{path}[storage]", GoFormat.Quote(JsonFields.ScalarText(list["storage"])), "must be greater than zero"));
    }

    /// <summary>kube's GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order.</summary>
    public static string AccessModes(JsonNode? modes)
    {
        var set = (modes as JsonArray)?.Select(m => m?.GetValue<string>()).ToHashSet() ?? [];
        var shortNames = new List<string>();
        if (set.Contains("ReadWriteOnce")) shortNames.Add("RWO");
        if (set.Contains("ReadOnlyMany")) shortNames.Add("ROX");
        if (set.Contains("ReadWriteMany")) shortNames.Add("RWX");
        if (set.Contains("ReadWriteOncePod")) shortNames.Add("RWOP");
        return string.Join(",", shortNames);
    }
}
