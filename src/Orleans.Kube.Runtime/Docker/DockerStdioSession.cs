using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Orleans.Kube.Runtime;

/// <summary>
/// An interactive exec or attach over the Engine's hijacked connection; the two differ only in how the end is
/// reported (<paramref name="exitCode"/>) and what a resize addresses (<paramref name="resize"/>).
/// </summary>
internal sealed class DockerStdioSession(
    MultiplexedStream stream,
    Func<CancellationToken, Task<int>> exitCode,
    Func<ContainerResizeParameters, CancellationToken, Task> resize,
    bool tty,
    bool closableStdin = true) : IExecSession
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _disposed;

    public Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        // MultiplexedStream only takes arrays; avoid a copy when the memory already is one.
        if (MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null)
        {
            return stream.WriteAsync(segment.Array, segment.Offset, segment.Count, ct);
        }

        var copy = data.ToArray();
        return stream.WriteAsync(copy, 0, copy.Length, ct);
    }

    public Task CloseStdinAsync(CancellationToken ct)
    {
        // The Engine ends an attach's output when its client's stdin ends, unless the container is stdinOnce (then
        // it closes the container's stdin instead); kube keeps streaming, so such an attach keeps its stdin open.
        if (!closableStdin)
            return Task.CompletedTask;
        stream.CloseWrite();
        return Task.CompletedTask;
    }

    public async Task<(int Stream, byte[] Data)?> ReadOutputAsync(CancellationToken ct)
    {
        var read = await stream.ReadOutputAsync(_buffer, 0, _buffer.Length, ct).ConfigureAwait(false);
        if (read.EOF)
        {
            return null;
        }

        var channel = read.Target == MultiplexedStream.TargetStream.StandardError ? 2 : 1;
        return (channel, _buffer.AsSpan(0, read.Count).ToArray());
    }

    public Task<int> GetExitCodeAsync(CancellationToken ct) => exitCode(ct);

    public Task ResizeAsync(int width, int height, CancellationToken ct) =>
        tty ? resize(new ContainerResizeParameters { Width = width, Height = height }, ct) : Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            stream.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
