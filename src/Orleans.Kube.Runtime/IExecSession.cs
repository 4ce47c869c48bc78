namespace Orleans.Kube.Runtime;

/// <summary>A running interactive exec. Reading and writing may happen concurrently; each on its own is single-caller.</summary>
public interface IExecSession : IAsyncDisposable
{
    Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Half-closes stdin so the process sees end of input.</summary>
    Task CloseStdinAsync(CancellationToken ct);

    /// <summary>The next output chunk as (1 = stdout, 2 = stderr; a tty reports everything as 1), or null at end of output.</summary>
    Task<(int Stream, byte[] Data)?> ReadOutputAsync(CancellationToken ct);

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    Task<int> GetExitCodeAsync(CancellationToken ct);

    /// <summary>Resizes the tty; ignored without one.</summary>
    Task ResizeAsync(int width, int height, CancellationToken ct);
}
