using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>Jobs and CronJobs as printed by kube-apiserver 1.32 (Job has had a Status column since 1.30).</summary>
internal static class BatchPrinters
{
    private static readonly TableColumn[] JobColumns =
    [
        Columns.Name,
        Columns.Text("Status", "Status of the job."),
        Columns.Text("Completions", "The number of pods which reached phase Succeeded."),
        Columns.Text("Duration", "Time required to complete the job."),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
        Columns.Text("Selector", "A label query over pods that should match the pod count.", 1),
    ];

    private static readonly TableColumn[] CronJobColumns =
    [
        Columns.Name,
        Columns.Text("Schedule", "The schedule in Cron format."),
        Columns.Text("Timezone", "The time zone name for the given schedule."),
        Columns.Boolean("Suspend", "This flag tells the controller to suspend subsequent executions."),
        Columns.Integer("Active", "A list of pointers to currently running jobs."),
        Columns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled."),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
        Columns.Text("Selector", "A label query over pods that should match the pod count.", 1),
    ];

    public static ResourcePrinter Jobs { get; } = new(JobColumns, (job, now) =>
    {
        var spec = Obj(job, "spec");
        var status = Obj(job, "status");
        var succeeded = Int(status, "succeeded") ?? 0;

        string completions;
        if (Int(spec, "completions") is { } wanted)
            completions = F($"{succeeded}/{wanted}");
        else if (Int(spec, "parallelism") is > 1 and var parallelism)
            completions = F($"{succeeded}/1 of {parallelism}");
        else
            completions = F($"{succeeded}/1");

        var duration = (Time(status, "startTime"), Time(status, "completionTime")) switch
        {
            (null, _) => "",
            ({ } start, null) => HumanDurations.Format(now - start),
            ({ } start, { } end) => HumanDurations.Format(end - start),
        };

        var conditions = Objects(status, "conditions").ToList();
        var state =
            HasCondition(conditions, "Complete") ? "Complete"
            : HasCondition(conditions, "Failed") ? "Failed"
            : Str(job, "metadata", "deletionTimestamp") is not null ? "Terminating"
            : HasCondition(conditions, "Suspended") ? "Suspended"
            : HasCondition(conditions, "FailureTarget") ? "FailureTarget"
            : "Running";

        var (names, images) = ContainerCells.Layout(Obj(spec, "template", "spec"));
        return
        [
            Text(job, "metadata", "name"),
            state,
            completions,
            duration,
            HumanDurations.Since(Time(job, "metadata", "creationTimestamp"), now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(At(spec, "selector")),
        ];
    });

    public static ResourcePrinter CronJobs { get; } = new(CronJobColumns, (cronJob, now) =>
    {
        var spec = Obj(cronJob, "spec");
        var lastSchedule = Time(cronJob, "status", "lastScheduleTime") is { } last
            ? HumanDurations.Since(last, now)
            : "<none>";
        var jobSpec = Obj(spec, "jobTemplate", "spec");
        var (names, images) = ContainerCells.Layout(Obj(jobSpec, "template", "spec"));
        return
        [
            Text(cronJob, "metadata", "name"),
            Text(spec, "schedule"),
            Str(spec, "timeZone") ?? "<none>",
            // batch/v1 defaults an omitted suspend to false, so "<unset>" never reaches a real client.
            Bool(spec, "suspend") == true ? "True" : "False",
            (long)Count(cronJob, "status", "active"),
            lastSchedule,
            HumanDurations.Since(Time(cronJob, "metadata", "creationTimestamp"), now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(At(jobSpec, "selector")),
        ];
    });

    // hasJobCondition: the first condition of the type decides.
    private static bool HasCondition(List<JsonObject> conditions, string type) =>
        conditions.FirstOrDefault(c => Text(c, "type") == type) is { } c && Text(c, "status") == "True";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
