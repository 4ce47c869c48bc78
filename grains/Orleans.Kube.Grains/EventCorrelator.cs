namespace Orleans.Kube.Grains;

/// <summary>
/// The aggregation step of client-go's EventCorrelator: an event that repeats one this silo recorded (same object,
/// type, reason, message and component) within ten minutes bumps that event's count and lastTimestamp instead of
/// adding an object, so a crash-looping pod shows one "BackOff (x40 over 20m)" rather than forty events.
/// </summary>
public sealed class EventCorrelator(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>Keys remembered at most; the least recently seen go first (client-go keeps an LRU of 4096 too).</summary>
    private const int Capacity = 4096;

    private readonly Dictionary<string, Recorded> recent = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public static EventCorrelator Shared { get; } = new(TimeProvider.System);

    /// <summary>The event <paramref name="key"/> repeats, seen within the window; null when it starts a new one.</summary>
    public Recorded? Repeats(string key)
    {
        lock (gate)
            return recent.TryGetValue(key, out var seen) && clock.GetUtcNow() - seen.LastSeen < Window ? seen : null;
    }

    /// <summary>Remembers what was written for <paramref name="key"/> (a new event or a counted repeat).</summary>
    public void Remember(string key, Recorded recorded)
    {
        lock (gate)
        {
            recent[key] = recorded;
            if (recent.Count <= Capacity)
                return;
            foreach (var stale in recent.OrderBy(e => e.Value.LastSeen).Take(recent.Count - Capacity).Select(e => e.Key).ToList())
                recent.Remove(stale);
        }
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>An Event object as last written: where it is and how often it was seen.</summary>
    public sealed record Recorded(string Namespace, string Name, int Count, DateTimeOffset LastSeen);
}
