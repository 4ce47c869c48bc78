using System.Net.WebSockets;

namespace Orleans.Kube.Api;

/// <summary>
/// A WebSocket read and written as one byte stream: binary messages carry consecutive bytes of
/// the tunnelled protocol (how kubectl tunnels SPDY), and a close message is the end of the stream.
/// </summary>
internal sealed class WebSocketTunnel(WebSocket socket) : DuplexStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent))
                return 0;
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return 0;
            if (result.Count > 0 || buffer.IsEmpty)
                return result.Count;
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        socket.SendAsync(buffer, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        await base.DisposeAsync();
    }
}
