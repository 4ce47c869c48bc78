using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Api.Proxy;

/// <summary>
/// A TCP connection to a pod, opened by the node agent of the pod's host (<see cref="INodeAgentGrain.TunnelOpen"/>)
/// and carried over grain calls, so an API silo on any host reaches a pod on any other, as port-forward does.
/// </summary>
internal sealed class AgentTunnelStream : DuplexStream
{
    private readonly INodeAgentGrain agent;
    private readonly string tunnel;
    private readonly CancellationTokenSource closed = new();
    private readonly IAsyncEnumerator<byte[]> incoming;
    private ReadOnlyMemory<byte> pending;
    private Task<bool>? moving;

    public AgentTunnelStream(INodeAgentGrain agent, string tunnel)
    {
        this.agent = agent;
        this.tunnel = tunnel;
        incoming = agent.TunnelRead(tunnel, closed.Token).GetAsyncEnumerator(closed.Token);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (pending.IsEmpty)
        {
            // The enumerator is bound to this stream's lifetime; a caller's token only abandons this read (the
            // move in flight is picked up by the next one).
            moving ??= incoming.MoveNextAsync().AsTask();
            var more = await moving.WaitAsync(cancellationToken);
            moving = null;
            if (!more)
                return 0;
            pending = incoming.Current;
        }
        var count = Math.Min(buffer.Length, pending.Length);
        pending[..count].CopyTo(buffer);
        pending = pending[count..];
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!buffer.IsEmpty)
            await agent.TunnelWrite(tunnel, buffer.ToArray()).WaitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        // Ending the read closes the agent's socket (its TunnelRead disposes it when the enumeration stops).
        await closed.CancelAsync();
        // An enumerator may not be disposed while a move is in flight: let the cancelled one finish first.
        if (moving is not null)
            await ((Task)moving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await incoming.DisposeAsync().AsTask().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        closed.Dispose();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closed.IsCancellationRequested)
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
