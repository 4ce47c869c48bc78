using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orleans.Kube.Grains;

/// <summary>
/// Creates sockets inside other network namespaces (pods' sandboxes). A socket belongs to the
/// namespace its creator was in when it was made, so one dedicated thread enters a namespace
/// with setns(2), runs the creation, and returns to the host's namespace; the socket is then
/// used from anywhere in the process. Needs CAP_SYS_ADMIN (the node agent runs as root).
/// </summary>
public sealed partial class NetNamespaces : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<Action> work = [];
    private readonly SafeFileHandle host;

    public NetNamespaces()
    {
        host = File.OpenHandle("/proc/self/ns/net");
        new Thread(Run) { IsBackground = true, Name = "okube-netns" }.Start();
    }

    /// <summary>The namespace of a process, held open so it outlives a restart of that process' PID lookup.</summary>
    public static SafeFileHandle Open(int pid) => File.OpenHandle($"/proc/{pid}/ns/net");

    /// <summary>Runs <paramref name="create"/> inside <paramref name="ns"/> (sockets made there stay there).</summary>
    public Task<T> RunInsideAsync<T>(SafeFileHandle ns, Func<T> create)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try
            {
                Enter(ns);
                try
                {
                    done.SetResult(create());
                }
                finally
                {
                    Enter(host);
                }
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    public Task<Socket> CreateSocketAsync(SafeFileHandle ns, SocketType type, ProtocolType protocol) =>
        RunInsideAsync(ns, () => new Socket(AddressFamily.InterNetwork, type, protocol));

    private static void Enter(SafeFileHandle ns)
    {
        if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
            throw new IOException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private void Run()
    {
        foreach (var action in work.GetConsumingEnumerable())
            action();
    }

    public void Dispose()
    {
        work.CompleteAdding();
        host.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
