namespace Orleans.Kube.Runtime.Tests;

/// <summary>Waits for a condition by polling against a deadline; tests never sleep to synchronise.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var ct = TestContext.Current.CancellationToken;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}; last value: {value}");
            }

            await Task.Delay(50, ct);
        }
    }

    public static Task UntilAsync(Func<bool> done, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(done()), d => d, timeout, what);
}
