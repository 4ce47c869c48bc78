namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// A tiny grain that exercises the durable parts of a cluster: grain storage and reminders in
/// PostgreSQL. `okube up` and the foundation tests use it to prove a cluster is really working.
/// </summary>
public interface ISelfCheckGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/> durably and reports where the grain runs.</summary>
    Task<SelfCheckReport> Write(string value);

    Task<SelfCheckReport> Read();

    /// <summary>Registers a one-shot reminder due after <paramref name="dueIn"/>.</summary>
    Task ArmReminder(TimeSpan dueIn);
}

[GenerateSerializer, Immutable]
public sealed record SelfCheckReport(
    [property: Id(0)] string? Value,
    [property: Id(1)] string HostSilo,
    [property: Id(2)] int ReminderFirings,
    [property: Id(3)] string? LastReminderSilo);
