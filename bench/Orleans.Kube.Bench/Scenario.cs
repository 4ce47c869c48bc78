namespace Orleans.Kube.Bench;

/// <summary>
/// One timed operation of issue #6. Every contender gets a fresh workload of the given size
/// (prepared untimed), then the operation is timed until its result runs and is reported.
/// </summary>
internal sealed record Scenario(
    string Name,
    Func<int, string> Title,
    Func<Contender, int, Task> PrepareAsync,
    Func<Contender, int, Task> MeasureAsync,
    bool NeedsRestarts = false)
{
    private static Task Fresh(Contender c, int n) => c.StartAsync(n, Workload.Image(1));

    public static readonly IReadOnlyList<Scenario> All =
    [
        new("startup", n => $"startup of {n} replicas, submit to all running",
            (_, _) => Task.CompletedTask, Fresh),
        new("scale", n => $"scale-up {n} -> {ScaledUp(n)}",
            Fresh, (c, n) => c.ScaleAsync(ScaledUp(n))),
        new("rolling-update", n => $"rolling update of {n}, {Workload.UpdateBatch} at a time, to all new running",
            Fresh, (c, _) => c.UpdateAsync(Workload.Image(2))),
        new("replace", n => $"replacement of 1 killed container of {n}",
            Fresh, (c, _) => c.ReplaceKilledAsync(), NeedsRestarts: true),
        new("delete", n => $"delete {n}, until no container remains",
            Fresh, (c, _) => c.DeleteAsync()),
    ];

    /// <summary>100 -> 150: half as many again.</summary>
    public static int ScaledUp(int n) => n + n / 2;
}
