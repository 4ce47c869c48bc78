namespace Orleans.Kube.Model.Validation;

/// <summary>
/// apimachinery's ValidateCreateOptions / UpdateOptions / PatchOptions / DeleteOptions and
/// ValidateListOptions: the options a request carries besides its body. A failure is a 422 Invalid
/// whose kind is the options type (e.g. <c>CreateOptions.meta.k8s.io "" is invalid</c>).
/// </summary>
public static class RequestOptionsValidator
{
    public const int FieldManagerMaxLength = 128;
    private static readonly string[] FieldValidations = ["", "Ignore", "Strict", "Warn"];
    private static readonly string[] Propagations = ["Foreground", "Background", "Orphan"];

    /// <summary>Create and update options.</summary>
    public static IReadOnlyList<FieldError> Write(IReadOnlyList<string> dryRun, string fieldValidation, string fieldManager)
    {
        var errors = new List<FieldError>();
        if (fieldManager.Length > FieldManagerMaxLength)
            errors.Add(FieldErrors.TooLong("fieldManager", FieldManagerMaxLength));
        for (var i = 0; i < fieldManager.Length; i++)
            if (char.IsControl(fieldManager[i]))
                errors.Add(FieldErrors.Invalid("fieldManager", GoFormat.Quote(fieldManager), $"invalid character U+{(int)fieldManager[i]:X4} (at position {i})"));
        DryRun(dryRun, errors);
        if (!FieldValidations.Contains(fieldValidation))
            errors.Add(FieldErrors.NotSupported("fieldValidation", GoFormat.Quote(fieldValidation), FieldValidations));
        return errors;
    }

    /// <summary>Patch options: the write options, force only for apply, and apply only with a field manager.</summary>
    public static IReadOnlyList<FieldError> Patch(bool apply, bool forceSet, IReadOnlyList<string> dryRun, string fieldValidation, string fieldManager)
    {
        var errors = new List<FieldError>();
        if (!apply && forceSet)
            errors.Add(FieldErrors.Forbidden("force", "may not be specified for non-apply patch"));
        if (apply && fieldManager.Length == 0)
            // kubectl sets it; other clients must.
            errors.Add(FieldErrors.Required("fieldManager", "is required for apply patch"));
        errors.AddRange(Write(dryRun, fieldValidation, fieldManager));
        return errors;
    }

    public static IReadOnlyList<FieldError> Delete(string? propagationPolicy, bool orphanDependentsSet, IReadOnlyList<string> dryRun)
    {
        var errors = new List<FieldError>();
        if (propagationPolicy is not null && orphanDependentsSet)
            errors.Add(FieldErrors.Invalid("propagationPolicy", GoFormat.Quote(propagationPolicy), "orphanDependents and deletionPropagation cannot be both set"));
        if (propagationPolicy is not null && !Propagations.Contains(propagationPolicy))
            errors.Add(FieldErrors.NotSupported("propagationPolicy", GoFormat.Quote(propagationPolicy), [.. Propagations, "nil"]));
        DryRun(dryRun, errors);
        return errors;
    }

    /// <summary>ListOptions of a list or watch. This server has no WatchList, so sendInitialEvents is refused.</summary>
    public static IReadOnlyList<FieldError> List(bool watch, string resourceVersion, string match, bool sendInitialEventsSet, bool continueSet)
    {
        var errors = new List<FieldError>();
        // The continue token carries the revision its list is read at.
        if (match.Length > 0 && continueSet)
            errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        if (watch)
        {
            if (sendInitialEventsSet)
                errors.Add(FieldErrors.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"));
            if (match.Length > 0 && !sendInitialEventsSet)
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            if (match.Length > 0 && match != "NotOlderThan")
                errors.Add(FieldErrors.NotSupported("resourceVersionMatch", GoFormat.Quote(match), "NotOlderThan"));
            return errors;
        }
        if (match.Length > 0)
        {
            if (resourceVersion.Length == 0)
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            if (match is not ("Exact" or "NotOlderThan"))
                errors.Add(FieldErrors.NotSupported("resourceVersionMatch", GoFormat.Quote(match), "Exact", "NotOlderThan", ""));
            if (match == "Exact" && resourceVersion == "0")
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
        if (sendInitialEventsSet)
            errors.Add(FieldErrors.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        return errors;
    }

    private static void DryRun(IReadOnlyList<string> dryRun, List<FieldError> errors)
    {
        if (dryRun.Any(value => value != "All"))
            errors.Add(FieldErrors.NotSupported("dryRun", GoFormat.StringSlice(dryRun), "All"));
    }
}
