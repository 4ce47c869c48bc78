using System.Text;
using System.Threading.Channels;

namespace Orleans.Kube.Runtime;

/// <summary>
/// A simulated interactive exec. "cat" with stdin echoes its input until stdin closes (enough for round-trip tests);
/// any other command prints the behavior's exec output and exits with its exec exit code.
/// </summary>
internal sealed class SimulatedExecSession : IExecSession
{
    private readonly Channel<(int Stream, byte[] Data)> _output = Channel.CreateUnbounded<(int, byte[])>();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _echo;

    public SimulatedExecSession(IReadOnlyList<string> command, bool stdin, SimulatedBehavior behavior)
    {
        _echo = stdin && command.Count > 0 && (command[0] == "cat" || command[0].EndsWith("/cat", StringComparison.Ordinal));
        if (_echo)
        {
            return;
        }

        if (behavior.ExecStdout.Length > 0)
        {
            _output.Writer.TryWrite((1, Encoding.UTF8.GetBytes(behavior.ExecStdout)));
        }

        if (behavior.ExecStderr.Length > 0)
        {
            _output.Writer.TryWrite((2, Encoding.UTF8.GetBytes(behavior.ExecStderr)));
        }

        Finish(behavior.ExecExitCode);
    }

    public Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_echo && data.Length > 0)
        {
            _output.Writer.TryWrite((1, data.ToArray()));
        }

        return Task.CompletedTask;
    }

    public Task CloseStdinAsync(CancellationToken ct)
    {
        if (_echo)
        {
            Finish(0);
        }

        return Task.CompletedTask;
    }

    public async Task<(int Stream, byte[] Data)?> ReadOutputAsync(CancellationToken ct)
    {
        while (await _output.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            if (_output.Reader.TryRead(out var chunk))
            {
                return chunk;
            }
        }

        return null;
    }

    public Task<int> GetExitCodeAsync(CancellationToken ct) => _exit.Task.WaitAsync(ct);

    public Task ResizeAsync(int width, int height, CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        // An abandoned session ends like a killed process.
        Finish(137);
        return ValueTask.CompletedTask;
    }

    private void Finish(int exitCode)
    {
        if (_exit.TrySetResult(exitCode))
        {
            _output.Writer.TryComplete();
        }
    }
}
