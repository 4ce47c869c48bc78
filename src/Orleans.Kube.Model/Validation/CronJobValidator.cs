using System.Text.Json.Nodes;
using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// validateCronJobSpec: a parseable schedule without TZ prefixes, a known concurrency policy, a valid
/// job template whose selector is left to the server, and a name short enough for the job suffix.
/// </summary>
internal static class CronJobValidator
{
    /// <summary>Jobs are named "&lt;cronjob&gt;-&lt;11 chars&gt;" and must stay DNS labels, hence 52.</summary>
    public const int MaxNameLength = 52;

    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var schedule = JsonFields.Scalar(spec, "schedule") ?? "";
        if (schedule.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.schedule"));
        }
        else
        {
            if (CronSchedule.Check(schedule) is { } problem)
            {
                errors.Add(FieldErrors.Invalid("spec.schedule", GoFormat.Quote(schedule), problem));
            }

            if (schedule.Contains("TZ", StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.Invalid("spec.schedule", GoFormat.Quote(schedule), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }

        ReplicaSetValidator.NonNegative(spec, "startingDeadlineSeconds", "spec", errors);
        ValidateTimeZone(spec, errors);
        if (JsonFields.Scalar(spec, "concurrencyPolicy") is { Length: > 0 } policy && policy is not ("Allow" or "Forbid" or "Replace"))
        {
            errors.Add(FieldErrors.NotSupported("spec.concurrencyPolicy", GoFormat.Quote(policy), "Allow", "Forbid", "Replace"));
        }

        var jobSpec = JsonFields.Obj(JsonFields.Obj(spec, "jobTemplate"), "spec");
        JobValidator.ValidateSpec(jobSpec, "spec.jobTemplate.spec", errors);
        if (JsonFields.Obj(jobSpec, "selector") is { } selector)
        {
            errors.Add(FieldErrors.Invalid("spec.jobTemplate.spec.selector", GoFormat.LabelSelector(selector), "`selector` will be auto-generated"));
        }

        if (JsonFields.Bool(jobSpec, "manualSelector") == true)
        {
            errors.Add(FieldErrors.NotSupported("spec.jobTemplate.spec.manualSelector", "true", "nil", "false"));
        }

        ReplicaSetValidator.NonNegative(spec, "successfulJobsHistoryLimit", "spec", errors);
        ReplicaSetValidator.NonNegative(spec, "failedJobsHistoryLimit", "spec", errors);
        var name = JsonFields.Scalar(JsonFields.Obj(obj, "metadata"), "name") ?? "";
        if (name.Length > MaxNameLength)
        {
            errors.Add(FieldErrors.Invalid("metadata.name", GoFormat.Quote(name), $"must be no more than {MaxNameLength} characters"));
        }
    }

    private static void ValidateTimeZone(JsonObject? spec, List<FieldError> errors)
    {
        if (spec?["timeZone"] is null)
        {
            return;
        }

        var zone = JsonFields.Scalar(spec, "timeZone") ?? "";
        var rendered = GoFormat.Quote(zone);
        if (zone.Length == 0)
        {
            errors.Add(FieldErrors.Invalid("spec.timeZone", rendered, "timeZone must be nil or non-empty string"));
        }
        else if (zone.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(FieldErrors.Invalid("spec.timeZone", rendered, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        else if (!IsKnownZone(zone))
        {
            errors.Add(FieldErrors.Invalid("spec.timeZone", rendered, $"unknown time zone {zone}"));
        }
    }

    // Without a time zone database on the host every zone would look unknown, so then none is refused.
    private static bool IsKnownZone(string zone) =>
        zone == "UTC" || TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) || TimeZoneInfo.GetSystemTimeZones().Count <= 1;
}
