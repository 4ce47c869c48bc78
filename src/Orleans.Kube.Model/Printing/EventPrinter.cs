using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// printEvent from kube-apiserver 1.32. The apiserver prints events.k8s.io/v1 objects through the same
/// internal type, so their field names (regarding, note, deprecated*) are read as fallbacks.
/// </summary>
internal static class EventPrinter
{
    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        Columns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        Columns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        Columns.Text("Object", "The object that this event is about."),
        Columns.Text("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1),
        Columns.Text("Source", "The component reporting this event.", 1),
        Columns.Text("Message", "A human-readable description of the status of this operation."),
        Columns.Text("First Seen", "The time at which the event was first recorded.", 1),
        // Declared "string" upstream although the cell is an integer.
        Columns.Text("Count", "The number of times this event has occurred.", 1),
        Columns.Name with { Priority = 1 },
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, Cells);

    private static object?[] Cells(JsonObject evt, DateTime now)
    {
        var involved = Obj(evt, "involvedObject") ?? Obj(evt, "regarding");
        var source = Obj(evt, "source") ?? Obj(evt, "deprecatedSource");

        var firstSeen = (Time(evt, "firstTimestamp") ?? Time(evt, "deprecatedFirstTimestamp")) is { } first
            ? HumanDurations.Since(first, now)
            : HumanDurations.Since(Time(evt, "eventTime"), now);
        var lastSeen = (Time(evt, "lastTimestamp") ?? Time(evt, "deprecatedLastTimestamp")) is { } last
            ? HumanDurations.Since(last, now)
            : firstSeen;

        var count = Int(evt, "count") ?? Int(evt, "deprecatedCount") ?? 0;
        if (Obj(evt, "series") is { } series)
        {
            lastSeen = HumanDurations.Since(Time(series, "lastObservedTime"), now);
            count = Int(series, "count") ?? 0;
        }
        else if (count == 0)
        {
            // Singleton events don't have a count set in the new API.
            count = 1;
        }

        var kind = Text(involved, "kind").ToLowerInvariant();
        var name = Text(involved, "name");

        return
        [
            lastSeen,
            Text(evt, "type"),
            Text(evt, "reason"),
            name.Length > 0 ? $"{kind}/{name}" : kind,
            Text(involved, "fieldPath"),
            FormatSource(source, evt),
            (Str(evt, "message") ?? Text(evt, "note")).Trim(),
            firstSeen,
            count,
            Text(evt, "metadata", "name"),
        ];
    }

    // "component, host", falling back to reportingController / reportingInstance when source is empty.
    private static string FormatSource(JsonObject? source, JsonObject evt)
    {
        var component = FirstNonEmpty(Text(source, "component"), Text(evt, "reportingController"));
        var instance = FirstNonEmpty(Text(source, "host"), Text(evt, "reportingInstance"));
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
