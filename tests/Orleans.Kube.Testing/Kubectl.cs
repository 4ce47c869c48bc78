using System.Diagnostics;

namespace Orleans.Kube.Testing;

/// <summary>The real kubectl (/usr/bin/kubectl) pointed at one API silo through its own kubeconfig, as the cluster admin.</summary>
public sealed class Kubectl : IDisposable
{
    private readonly string home = Path.Combine(Path.GetTempPath(), $"okube-kubectl-{Guid.NewGuid():N}");

    /// <summary>A kubeconfig for <paramref name="serverUrl"/> as the cluster admin of <paramref name="pkiDir"/> (default: the test cluster's).</summary>
    public Kubectl(string serverUrl, string? pkiDir = null)
    {
        pkiDir ??= ClusterCredentials.PkiDir;
        Directory.CreateDirectory(home);
        KubeconfigPath = Path.Combine(home, "kubeconfig");
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: okube
              cluster:
                server: {serverUrl}
                certificate-authority: {Path.Combine(pkiDir, "ca.crt")}
            contexts:
            - name: okube
              context: {"{"}cluster: okube, user: okube, namespace: default{"}"}
            current-context: okube
            users:
            - name: okube
              user:
                client-certificate: {Path.Combine(pkiDir, "admin.crt")}
                client-key: {Path.Combine(pkiDir, "admin.key")}
            """);
    }

    public string KubeconfigPath { get; }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess() =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"kubectl failed ({ExitCode}):\n{Stderr}\n{Stdout}");
    }

    /// <summary>Runs kubectl with <paramref name="args"/>; <paramref name="stdin"/> feeds -f -.</summary>
    public async Task<Result> RunAsync(string[] args, string? stdin = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["KUBECONFIG"] = KubeconfigPath;
        start.Environment["KUBECACHEDIR"] = Path.Combine(home, "cache");
        start.Environment["HOME"] = home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public Task<Result> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Starts a long-running kubectl (e.g. get -w) whose output is read while it runs.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = KubeconfigPath;
        start.Environment["KUBECACHEDIR"] = Path.Combine(home, "cache");
        start.Environment["HOME"] = home;
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public void Dispose()
    {
        try { Directory.Delete(home, recursive: true); }
        catch (IOException) { }
    }
}
