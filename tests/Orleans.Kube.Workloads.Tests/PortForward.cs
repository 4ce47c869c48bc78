using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>A running `kubectl port-forward TARGET 0:PORT`, listening on a loopback port kubectl picked.</summary>
internal sealed partial class PortForward : IAsyncDisposable
{
    private readonly Process process;

    private PortForward(Process process, int localPort)
    {
        this.process = process;
        LocalPort = localPort;
    }

    public int LocalPort { get; }

    public static async Task<PortForward> StartAsync(string kubeconfig, string ns, string target, int port)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "port-forward", "-n", ns, "--address", "127.0.0.1", target, $"0:{port}" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // kubectl prints "Forwarding from 127.0.0.1:NNNNN -> PORT" once it listens.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (ForwardingLine().Match(line) is { Success: true } match)
                    return new PortForward(process, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException)
        {
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"kubectl port-forward did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"Forwarding from 127\.0\.0\.1:(\d+)")]
    private static partial Regex ForwardingLine();
}
