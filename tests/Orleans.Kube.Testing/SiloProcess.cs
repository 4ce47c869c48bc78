using System.Diagnostics;
using System.Text;

namespace Orleans.Kube.Testing;

/// <summary>One real okube-silo process on loopback, started from the built silo assembly.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiloProcess(Process process, string name, string httpUrl)
    {
        this.process = process;
        Name = name;
        HttpUrl = httpUrl;
    }

    public string Name { get; }
    public string HttpUrl { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static SiloProcess Start(string postgres, string name, string roles = "api,worker", params string[] extraArgs) =>
        StartAt($"https://127.0.0.1:{FreePort.Next()}", postgres, name, roles, extraArgs);

    /// <summary>Starts a silo serving HTTPS (the test cluster's credentials) on <paramref name="httpUrl"/>, e.g. the URL of the silo it replaces after a kill.</summary>
    public static SiloProcess StartAt(string httpUrl, string postgres, string name, string roles, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.SiloAssembly)!,
        };
        string[] args =
        [
            RepoPaths.SiloAssembly, "--postgres", postgres, "--node-name", name, "--roles", roles,
            "--silo-port", FreePort.Next().ToString(), "--gateway-port", FreePort.Next().ToString(), "--http-url", httpUrl,
            // Test silos share the host: the ingress proxy's fixed default ports are for fixtures that ask for it (extraArgs win).
            "--Ingress:Enabled", "false",
            "--pki-dir", ClusterCredentials.PkiDir,
            .. extraArgs,
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, name, httpUrl);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until /readyz says the silo activates grains against PostgreSQL.</summary>
    /// <remarks>Throws at once, with the silo's output, when the process exits instead.</remarks>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
                return true;
            using var response = await ClusterCredentials.Http.GetAsync($"{HttpUrl}/readyz");
            return response.IsSuccessStatusCode;
        }, timeout ?? TimeSpan.FromSeconds(90), $"silo {Name} to be ready");
        if (process.HasExited)
            throw new InvalidOperationException($"silo {Name} exited with {process.ExitCode}:\n{Output}");
    }

    /// <summary>SIGKILL: no graceful shutdown, no membership goodbye.</summary>
    public void Kill()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output) output.AppendLine(line);
    }
}
