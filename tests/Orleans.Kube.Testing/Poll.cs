namespace Orleans.Kube.Testing;

/// <summary>Waits for a condition by polling with a deadline: the only way tests synchronise.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        T? last = default;
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last))
                    return last;
                lastError = null;
            }
            catch (Exception ex)
            {
                lastError = ex;
            }

            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last value: {last}; last error: {lastError?.GetType().Name}: {lastError?.Message}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        UntilAsync(probe, ok => ok, timeout, what);
}
