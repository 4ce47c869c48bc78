using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateVolumes: unique DNS-label names, one source each, and the required reference of common sources.</summary>
internal static class VolumeValidator
{
    // validateVolumeSource's order: the first source present counts, any further one is refused.
    private static readonly string[] Sources =
    [
        "hostPath", "emptyDir", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs",
        "flexVolume", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "projected", "scaleIO", "storageos",
        "csi", "ephemeral", "image",
    ];

    /// <summary>Validates the list and returns the names of the volumes that passed, for volumeMounts to refer to.</summary>
    public static HashSet<string> Validate(JsonArray? volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, volume) in JsonFields.Items(volumes))
        {
            var itemPath = path.Index(index);
            var own = new List<FieldError>();
            ValidateSource(volume, itemPath, own);
            var name = JsonFields.Scalar(volume, "name") ?? "";
            if (name.Length == 0)
            {
                own.Add(FieldErrors.Required(itemPath.Child("name")));
            }
            else
            {
                foreach (var message in NameRules.Dns1123Label(name))
                {
                    own.Add(FieldErrors.Invalid(itemPath.Child("name"), GoFormat.Quote(name), message));
                }
            }

            if (names.Contains(name))
            {
                own.Add(FieldErrors.Duplicate(itemPath.Child("name"), GoFormat.Quote(name)));
            }

            if (own.Count == 0)
            {
                names.Add(name);
            }

            errors.AddRange(own);
        }

        return names;
    }

    private static void ValidateSource(JsonObject volume, string path, List<FieldError> errors)
    {
        // A volume without any source is defaulted to emptyDir, so none present is fine.
        var present = Sources.Where(s => JsonFields.Has(volume, s)).ToList();
        foreach (var extra in present.Skip(1))
        {
            errors.Add(FieldErrors.Forbidden(path.Child(extra), "may not specify more than 1 volume type"));
        }

        if (present.Count == 0)
        {
            return;
        }

        var source = JsonFields.Obj(volume, present[0]);
        switch (present[0])
        {
            case "configMap":
                RequireString(source, "name", path.Child("configMap"), errors);
                break;
            case "secret":
                RequireString(source, "secretName", path.Child("secret"), errors);
                break;
            case "persistentVolumeClaim":
                RequireString(source, "claimName", path.Child("persistentVolumeClaim"), errors);
                break;
            case "hostPath":
                RequireString(source, "path", path.Child("hostPath"), errors);
                break;
        }
    }

    private static void RequireString(JsonObject? source, string field, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(JsonFields.Scalar(source, field)))
        {
            errors.Add(FieldErrors.Required(path.Child(field)));
        }
    }
}
