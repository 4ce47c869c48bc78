using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidateObjectMeta: name (or generateName), namespace, generation, labels, annotations, owner
/// references and finalizers, with the field paths kube reports under <c>metadata</c>.
/// </summary>
internal static class MetadataValidator
{
    /// <summary>kube caps the summed size of annotation keys and values at 256 KiB.</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    private static readonly HashSet<string> StandardFinalizers = new(StringComparer.Ordinal) { "kubernetes", "orphan", "foregroundDeletion" };

    public static void Validate(
        JsonObject obj,
        bool namespaced,
        Func<string, IReadOnlyList<string>> nameRule,
        bool builtIn,
        List<FieldError> errors)
    {
        var meta = JsonFields.Obj(obj, "metadata");
        var generateName = JsonFields.Scalar(meta, "generateName") ?? "";
        if (generateName.Length > 0)
        {
            foreach (var message in nameRule(MaskTrailingDash(generateName)))
            {
                errors.Add(FieldErrors.Invalid("metadata.generateName", GoFormat.Quote(generateName), message));
            }
        }

        var name = JsonFields.Scalar(meta, "name") ?? "";
        if (name.Length == 0)
        {
            errors.Add(FieldErrors.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in nameRule(name))
            {
                errors.Add(FieldErrors.Invalid("metadata.name", GoFormat.Quote(name), message));
            }
        }

        // A cluster-scoped object's namespace is cleared by the API server before validation, so it is ignored.
        if (namespaced)
        {
            var ns = JsonFields.Scalar(meta, "namespace") ?? "";
            if (ns.Length == 0)
            {
                errors.Add(FieldErrors.Required("metadata.namespace"));
            }
            else
            {
                foreach (var message in NameRules.Dns1123Label(ns))
                {
                    errors.Add(FieldErrors.Invalid("metadata.namespace", GoFormat.Quote(ns), message));
                }
            }
        }

        if (JsonFields.Int(meta, "generation") is long generation && generation < 0)
        {
            errors.Add(FieldErrors.Invalid("metadata.generation", GoFormat.Int(generation), Messages.NonNegative));
        }

        ValidateLabels(JsonFields.Obj(meta, "labels"), "metadata.labels", errors);
        ValidateAnnotations(JsonFields.Obj(meta, "annotations"), "metadata.annotations", errors);
        ValidateOwnerReferences(JsonFields.Arr(meta, "ownerReferences"), errors);
        ValidateFinalizers(JsonFields.Arr(meta, "finalizers"), builtIn, errors);
    }

    /// <summary>metav1 ValidateLabels: key and value problems are both reported on the map's own path.</summary>
    public static void ValidateLabels(JsonObject? labels, string path, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, node) in labels)
        {
            ValidateLabelName(key, path, errors);
            var value = JsonFields.ScalarText(node);
            foreach (var message in NameRules.LabelValue(value))
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(value), message));
            }
        }
    }

    public static void ValidateLabelName(string key, string path, List<FieldError> errors)
    {
        foreach (var message in NameRules.QualifiedName(key))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(key), message));
        }
    }

    public static void ValidateAnnotations(JsonObject? annotations, string path, List<FieldError> errors)
    {
        if (annotations is null)
        {
            return;
        }

        long size = 0;
        foreach (var (key, node) in annotations)
        {
            // Annotation keys are checked case-insensitively: kube lowercases them first.
            foreach (var message in NameRules.QualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(key), message));
            }

            size += NameRules.ByteLength(key) + NameRules.ByteLength(JsonFields.ScalarText(node));
        }

        if (size > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldErrors.TooLong(path, TotalAnnotationSizeLimit));
        }
    }

    // Owner reference problems are reported on the list path itself, without an index, as kube does.
    private static void ValidateOwnerReferences(JsonArray? references, List<FieldError> errors)
    {
        const string path = "metadata.ownerReferences";
        string? firstController = null;
        foreach (var (_, reference) in JsonFields.Items(references))
        {
            var apiVersion = JsonFields.Scalar(reference, "apiVersion") ?? "";
            var kind = JsonFields.Scalar(reference, "kind") ?? "";
            var name = JsonFields.Scalar(reference, "name") ?? "";
            var uid = JsonFields.Scalar(reference, "uid") ?? "";
            var (group, version) = SplitApiVersion(apiVersion);
            if (version.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("apiVersion"), GoFormat.Quote(apiVersion), "version must not be empty"));
            }

            if (kind.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("kind"), GoFormat.Quote(kind), "kind must not be empty"));
            }

            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("name"), GoFormat.Quote(name), "name must not be empty"));
            }

            if (uid.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("uid"), GoFormat.Quote(uid), "uid must not be empty"));
            }

            if (group.Length == 0 && version == "v1" && kind == "Event")
            {
                errors.Add(FieldErrors.Invalid(path, OwnerReference(reference), "v1, Kind=Event is disallowed from being an owner"));
            }

            if (JsonFields.Bool(reference, "controller") == true)
            {
                var current = $"{kind}/{name}";
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    var all = $"[]v1.OwnerReference{{{string.Join(", ", JsonFields.Items(references).Select(r => OwnerReference(r.Item)))}}}";
                    errors.Add(FieldErrors.Invalid(path, all,
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }
    }

    private static void ValidateFinalizers(JsonArray? finalizers, bool builtIn, List<FieldError> errors)
    {
        if (finalizers is null)
        {
            return;
        }

        var names = JsonFields.Strings(finalizers).ToList();
        foreach (var finalizer in names)
        {
            foreach (var message in NameRules.QualifiedName(finalizer))
            {
                errors.Add(FieldErrors.Invalid("metadata.finalizers", GoFormat.Quote(finalizer), message));
            }
        }

        if (names.Contains("orphan") && names.Contains("foregroundDeletion"))
        {
            errors.Add(FieldErrors.Invalid("metadata.finalizers", GoFormat.StringSlice(names), "finalizer orphan and foregroundDeletion cannot be both set"));
        }

        // Built-in kinds also insist that a bare finalizer name is one kube defines.
        if (builtIn)
        {
            for (var i = 0; i < names.Count; i++)
            {
                ValidateKubeFinalizerName(names[i], "metadata.finalizers".Index(i), errors);
            }
        }
    }

    public static void ValidateKubeFinalizerName(string finalizer, string path, List<FieldError> errors)
    {
        if (!finalizer.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(finalizer))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(finalizer), "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }

    // generateName may end in '-': kube swaps the tail for a letter before checking the rest.
    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => ("", parts[0]),
            2 => (parts[0], parts[1]),
            _ => ("", ""),
        };
    }

    private static string OwnerReference(JsonObject reference) =>
        $"v1.OwnerReference{{APIVersion:{GoFormat.Quote(JsonFields.Scalar(reference, "apiVersion") ?? "")}, " +
        $"Kind:{GoFormat.Quote(JsonFields.Scalar(reference, "kind") ?? "")}, " +
        $"Name:{GoFormat.Quote(JsonFields.Scalar(reference, "name") ?? "")}, " +
        $"UID:{GoFormat.Quote(JsonFields.Scalar(reference, "uid") ?? "")}, " +
        $"Controller:{GoFormat.Pointer("bool", JsonFields.Has(reference, "controller"))}, " +
        $"BlockOwnerDeletion:{GoFormat.Pointer("bool", JsonFields.Has(reference, "blockOwnerDeletion"))}}}";
}
