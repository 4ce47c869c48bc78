namespace Orleans.Kube.Runtime;

/// <summary>Mutable state of one simulated container; every access holds the owning runtime's lock.</summary>
internal sealed class SimulatedContainer(long sequence, string id, ContainerCreateRequest request, SimulatedBehavior behavior, IReadOnlyList<PortMapping> ports)
{
    public long Sequence { get; } = sequence;
    public string Id { get; } = id;
    public ContainerCreateRequest Request { get; } = request;
    public SimulatedBehavior Behavior { get; } = behavior;
    public IReadOnlyList<PortMapping> Ports { get; } = ports;

    public string State { get; private set; } = ContainerStates.Created;
    public int? ExitCode { get; private set; }
    public bool OomKilled { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public List<SimulatedLogEntry> Logs { get; } = [];
    public bool Removed { get; private set; }

    // Completed and replaced on every log append or state change, so followers wake without polling.
    private TaskCompletionSource _changed = NewSignal();

    public Task Changed => _changed.Task;

    /// <summary>When a running container will exit on its own, if it will.</summary>
    public DateTimeOffset? ScheduledExit =>
        State == ContainerStates.Running && Behavior.ExitCode is not null ? StartedAt + Behavior.ExitAfter : null;

    /// <summary>Applies a scheduled exit that is due; exits are evaluated lazily instead of with timers.</summary>
    public void Refresh(DateTimeOffset now)
    {
        if (ScheduledExit is { } exitAt && now >= exitAt)
        {
            Exit(Behavior.ExitCode!.Value, Behavior.OomKilled, exitAt);
        }
    }

    public void Start(DateTimeOffset now)
    {
        if (Behavior.StartError is { } error)
        {
            ExitCode = 128;
            Error = error;
            Signal();
            throw new InvalidOperationException(error);
        }

        State = ContainerStates.Running;
        StartedAt = now;
        FinishedAt = null;
        ExitCode = null;
        OomKilled = false;
        Error = null;
        foreach (var line in Behavior.Logs)
        {
            Logs.Add(new SimulatedLogEntry(now, 1, line));
        }

        Signal();
        Refresh(now);
    }

    public void Exit(int exitCode, bool oomKilled, DateTimeOffset at)
    {
        State = ContainerStates.Exited;
        ExitCode = exitCode;
        OomKilled = oomKilled;
        FinishedAt = at;
        Signal();
    }

    public void AppendLog(SimulatedLogEntry entry)
    {
        Logs.Add(entry);
        Signal();
    }

    public void MarkRemoved()
    {
        Removed = true;
        Signal();
    }

    public ContainerInfo ToInfo() => new(
        Id,
        Request.Name,
        Request.Image,
        new Dictionary<string, string>(Request.Labels),
        State,
        ExitCode,
        OomKilled,
        Error,
        StartedAt,
        FinishedAt,
        Ports);

    private void Signal()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
