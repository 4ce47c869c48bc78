using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using Orleans.Kube.Model.Networking;
using Orleans.Kube.Proxy;
using Orleans.Kube.Runtime;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Grains;

/// <summary>
/// The node agent's side of the pod network. Each pod sandbox's namespace gets (1) iptables rules
/// that redirect every TCP connection to the cluster ranges (ClusterIPs, pod IPs) to one listener
/// the agent opens inside the namespace, and drop any new connection leaving by another interface
/// than lo; (2) that listener, which reads the original destination (SO_ORIGINAL_DST) and carries
/// the connection, from the pod's own IP, to the node proxy on the host's lo, or straight into the
/// destination pod's namespace (<see cref="IPodDialer"/>, which the node proxy uses too); (3) a DNS
/// server on the cluster DNS address. A connection to a pod IP
/// is judged by NetworkPolicy here (the source's egress, the destination's ingress); one to a ClusterIP is judged by
/// the node proxy once it has chosen the endpoint, as kube evaluates policies after the Service's DNAT.
/// Every byte stays on loopback: the pod's lo and the host's lo.
/// </summary>
public sealed partial class PodNetwork(NetNamespaces namespaces, IContainerRuntime runtime, ClusterDns dns, ClusterDirectory directory, IConnectionPolicy policy,
    IOptions<NetworkOptions> options, IOptions<NodeAgentOptions> node, ILogger<PodNetwork> logger) : IPodDialer, IAsyncDisposable
{
    private const int SolIp = 0, SoOriginalDst = 80, SolSocket = 1, SoMark = 36; // Linux values
    /// <summary>The mark of the agent's own connections to the pod's localhost, which the redirect rules let pass.</summary>
    private const int PassMark = 0x4f4b;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Attachment> attached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, (int Pid, string Identity)> neighbours = new();
    private readonly SemaphoreSlim gate = new(1, 1);

    private sealed record Attachment(IPAddress PodIp, SafeFileHandle Namespace, Socket Egress, DnsServer Dns, CancellationTokenSource Stop);

    public string ClusterDomain => options.Value.ClusterDomain;
    public string DnsAddress => options.Value.DnsAddress;

    /// <summary>The Service variables for a container starting now.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment(JsonObject pod) => Proxy.ServiceEnvironment.For(pod, directory.Snapshot);

    /// <summary>Makes the sandbox's namespace part of the cluster network; a no-op when already done.</summary>
    public async Task AttachAsync(string sandboxId, int pid, IPAddress podIp, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (attached.ContainsKey(sandboxId))
                return;
            var ns = NetNamespaces.Open(pid);
            try
            {
                await InstallRulesAsync(pid, podIp, ct);
                var egressPort = options.Value.EgressPort;
                var egress = await namespaces.RunInsideAsync(ns, () =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, egressPort));
                    socket.Listen(512);
                    return socket;
                });
                var dnsEndpoint = new IPEndPoint(IPAddress.Parse(options.Value.DnsAddress), 53);
                var server = await namespaces.RunInsideAsync(ns, () =>
                {
                    // The transports open their sockets when made, so they are made in the pod's namespace.
                    var made = new DnsServer(new UdpServerTransport(dnsEndpoint, 5000), new TcpServerTransport(dnsEndpoint, 5000, 30));
                    made.QueryReceived += dns.HandleAsync;
                    made.Start();
                    return made;
                });
                var stop = new CancellationTokenSource();
                attached[sandboxId] = new Attachment(podIp, ns, egress, server, stop);
                _ = SocketPump.AcceptAllAsync(egress, client => CarryAsync(client, podIp, ns), stop.Token);
            }
            catch
            {
                ns.Dispose();
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<Socket?> TryConnectInsideAsync(IPEndPoint endpoint, IPAddress? source, CancellationToken cancellationToken) =>
        TryConnectInsideAsync(endpoint.Address, endpoint, source, cancellationToken);

    /// <summary>
    /// A socket made inside the namespace of the local pod with <paramref name="podIp"/>, connected to
    /// <paramref name="target"/> (its pod IP, or localhost as kube's port-forward dials); null when no pod on this node
    /// has that IP. Marked so the pod's own redirect rules let it pass.
    /// </summary>
    public async Task<Socket?> TryConnectInsideAsync(IPAddress podIp, IPEndPoint target, IPAddress? source, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            // Enumerating the dictionary itself takes no lock and copies nothing (its Values would do both), and
            // this runs for every connection the node proxy carries.
            if (attached.FirstOrDefault(a => a.Value.PodIp.Equals(podIp)).Value is { } attachment)
                socket = await namespaces.CreateSocketAsync(attachment.Namespace, SocketType.Stream, ProtocolType.Tcp);
            else if (await NeighbourNamespaceAsync(podIp, cancellationToken) is { } neighbour)
                using (neighbour)
                    socket = await namespaces.CreateSocketAsync(neighbour, SocketType.Stream, ProtocolType.Tcp);
            else
                return null;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return null; // the sandbox went away meanwhile: the host path answers (refused) as it would
        }
        try
        {
            socket.NoDelay = true;
            socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(PassMark));
            // Every 127/8 address is local inside the pod, so the caller's own address can be the source.
            if (source is not null && IPAddress.IsLoopback(source))
                socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The namespace of a pod that another silo's agent runs on this host (pod IPs are loopback addresses, so every
    /// pod a connection can reach is on this host): its sandbox is found through the Engine by the pod-IP label, and
    /// remembered with its namespace's identity so a reused pid is never mistaken for it.
    /// </summary>
    private async Task<SafeFileHandle?> NeighbourNamespaceAsync(IPAddress podIp, CancellationToken ct)
    {
        if (!Cidr.TryParse(options.Value.PodRange, out var range) || !range.Contains(podIp))
            return null;
        if (neighbours.TryGetValue(podIp, out var known) && OpenIfSame(known) is { } handle)
            return handle;
        var filter = new Dictionary<string, string> { [ContainerLabels.Init] = PodSandbox.InitLabel, [ContainerLabels.PodIp] = podIp.ToString() };
        foreach (var sandbox in await runtime.ListAsync(filter, ct))
        {
            if (await runtime.InspectAsync(sandbox.Id, ct) is not { State: "running", Pid: > 0 } running
                || NamespaceIdentity(running.Pid) is not { } identity)
                continue;
            var found = (running.Pid, identity);
            neighbours[podIp] = found;
            return OpenIfSame(found);
        }
        return null;
    }

    private static SafeFileHandle? OpenIfSame((int Pid, string Identity) known)
    {
        if (NamespaceIdentity(known.Pid) != known.Identity)
            return null;
        try
        {
            return NetNamespaces.Open(known.Pid);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>"net:[inode]", the namespace a pid is in; null when the process is gone.</summary>
    private static string? NamespaceIdentity(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Lets go of every sandbox not in <paramref name="live"/> (removed pods, replaced sandboxes).</summary>
    public void Retain(IReadOnlySet<string> live)
    {
        foreach (var id in attached.Keys.Where(id => !live.Contains(id)).ToList())
            if (attached.TryRemove(id, out var attachment))
                Close(attachment);
    }

    private static void Close(Attachment attachment)
    {
        attachment.Stop.Cancel();
        attachment.Egress.Dispose();
        attachment.Dns.Stop();
        attachment.Namespace.Dispose();
    }

    /// <summary>
    /// Replaces the namespace's nat and filter tables (iptables-restore is idempotent, so an
    /// adopted sandbox gets the same rules again). The pod's own IP stays local. 127.0.0.1 is the node's address
    /// (status.hostIP) as well as the pod's localhost, so connections to it in the NodePort range are redirected too:
    /// the forwarder carries those to the node's NodePorts and hands the others back to the pod's own localhost.
    /// </summary>
    private async Task InstallRulesAsync(int pid, IPAddress podIp, CancellationToken ct)
    {
        var port = options.Value.EgressPort;
        var rules = $"""
            *nat
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -m mark --mark {PassMark} -j RETURN
            -A OUTPUT -d {podIp}/32 -j RETURN
            -A OUTPUT -d {options.Value.ServiceRange} -p tcp -j REDIRECT --to-ports {port}
            -A OUTPUT -d {options.Value.PodRange} -p tcp -j REDIRECT --to-ports {port}
            -A OUTPUT -d 127.0.0.1/32 -p tcp --dport {options.Value.NodePortRange.Replace('-', ':')} -j REDIRECT --to-ports {port}
            COMMIT
            *filter
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A OUTPUT -j DROP
            COMMIT

            """;
        var start = new ProcessStartInfo("nsenter", [$"--net=/proc/{pid}/ns/net", "iptables-restore", "-w"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("nsenter did not start");
        await process.StandardInput.WriteAsync(rules);
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"iptables-restore in pod namespace failed: {error.Trim()}");
    }

    /// <summary>One connection from inside the pod to a cluster address, carried over the host's lo.</summary>
    private async Task CarryAsync(Socket client, IPAddress podIp, SafeFileHandle ns)
    {
        using var _ = client;
        client.NoDelay = true;
        var destination = OriginalDestination(client);
        if (destination.Address.Equals(IPAddress.Loopback))
        {
            if (!IsNodePort(destination.Port))
            {
                await PassToLocalhostAsync(client, destination, ns);
                return;
            }
            // The node's NodePort: the node proxy on the node's address answers it.
            destination = new IPEndPoint(IPAddress.Parse(node.Value.BindAddress), destination.Port);
        }
        if (!InServiceRange(destination.Address) && !policy.Allows(podIp, destination.Address, destination.Port))
        {
            // A CNI drops the SYN and the client times out; the connection is already accepted here, so it is reset.
            LogDenied(logger, podIp.ToString(), destination.ToString());
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        Socket upstream;
        try
        {
            upstream = await DialAsync(destination, podIp);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            LogCarryFailed(logger, destination.ToString(), ex.Message);
            // Refused upstream: refused (reset) in the pod, as a direct connection would be.
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        using (upstream)
            await SocketPump.JoinAsync(client, upstream);
    }

    /// <summary>
    /// A pod on this node is dialled inside its namespace (any port it listens on answers); anything else on the
    /// host's lo. Either way from the calling pod's own address: the node proxy's ClientIP affinity and the target
    /// see who called.
    /// </summary>
    private async Task<Socket> DialAsync(IPEndPoint destination, IPAddress podIp)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        return await TryConnectInsideAsync(destination, podIp, timeout.Token)
            ?? await HostSockets.ConnectAsync(destination, podIp, timeout.Token);
    }

    private bool IsNodePort(int port) =>
        directory.Snapshot.Services.Values.Any(s => (s["spec"]?["ports"] as JsonArray)?.Any(p => p?["nodePort"]?.GetValue<int>() == port) == true);

    /// <summary>A connection to the pod's own localhost that the NodePort redirect caught: made again inside the pod, marked to pass.</summary>
    private async Task PassToLocalhostAsync(Socket client, IPEndPoint destination, SafeFileHandle ns)
    {
        using var local = await namespaces.RunInsideAsync(ns, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(PassMark));
            return socket;
        });
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            await local.ConnectAsync(destination, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        await SocketPump.JoinAsync(client, local);
    }

    private bool InServiceRange(IPAddress address) =>
        Cidr.TryParse(options.Value.ServiceRange, out var range) && range.Contains(address);

    private static IPEndPoint OriginalDestination(Socket socket)
    {
        Span<byte> address = stackalloc byte[16];
        socket.GetRawSocketOption(SolIp, SoOriginalDst, address);
        var port = (address[2] << 8) | address[3];
        return new IPEndPoint(new IPAddress(address.Slice(4, 4)), port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var attachment in attached.Values)
            Close(attachment);
        attached.Clear();
        await Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "NetworkPolicy denies {Source} -> {Destination}")]
    private static partial void LogDenied(ILogger logger, string source, string destination);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pod connection to {Destination} failed: {Reason}")]
    private static partial void LogCarryFailed(ILogger logger, string destination, string reason);
}
