namespace Orleans.Kube.Grains.Controllers;

/// <summary>
/// Per-object exponential back-off after failed reconciles (client-go's ItemExponentialFailureRateLimiter,
/// 5 ms doubling), capped at 5 minutes rather than kube's 1000 s, and reset by a success.
/// </summary>
public sealed class ErrorBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    public int Failures { get; private set; }

    /// <summary>The wait before retrying after one more failure: 5 ms, 10 ms, 20 ms, ... up to <see cref="Cap"/>.</summary>
    public TimeSpan Next() => Delay(Failures++);

    public void Reset() => Failures = 0;

    /// <summary>The wait after <paramref name="failures"/> earlier failures.</summary>
    public static TimeSpan Delay(int failures) =>
        failures >= 30 ? Cap : TimeSpan.FromTicks(Math.Min(Cap.Ticks, Base.Ticks << failures));
}
