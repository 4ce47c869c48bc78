using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// The official python (python3-kubernetes 22.6, from apt) and JavaScript (@kubernetes/client-node 1.4, installed from
/// npm into a temp folder) clients run the scenarios in tests/clients against the silo, with the kubeconfig kubectl
/// uses: create, list, patch, server-side apply, watch from a list's resourceVersion, delete.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ClientScenarioTests(ApiClusterFixture cluster)
{
    private const string ClientNodeVersion = "1.4.0";
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ThePythonClientCreatesListsPatchesAppliesWatchesAndDeletes()
    {
        Assert.True(File.Exists("/usr/lib/python3/dist-packages/kubernetes/__init__.py"),
            "python3-kubernetes is not installed (apt-get install -y python3-kubernetes; .ci/run installs it)");
        // Debian's python3, not a python on PATH that cannot see dist-packages.
        var output = await ProcessRunner.RunAsync("/usr/bin/python3",
            [Script("python_scenario.py"), cluster.Kubectl.KubeconfigPath, Namespace("py")], ScenarioTimeout);

        AssertScenario(output, "py-scenario", "MODIFIED:green,MODIFIED:green,DELETED:green");
        Assert.Contains("exec err out\n", output);
        Assert.Contains("attach got hello\n", output);
    }

    [Fact]
    public async Task TheJavaScriptClientCreatesListsPatchesAppliesWatchesAndDeletes()
    {
        var folder = await InstallClientNodeAsync();
        var script = Path.Combine(folder, "js_scenario.mjs");
        File.Copy(Script("js_scenario.mjs"), script, overwrite: true);
        var output = await ProcessRunner.RunAsync("node", [script, cluster.Kubectl.KubeconfigPath, Namespace("js")], ScenarioTimeout);

        Assert.Contains("json-patched round", output);
        Assert.Contains("informed add:blue,update:green,update:green,update:green,delete:green\n", output);
        AssertScenario(output, "js-scenario", "MODIFIED:green,MODIFIED:green,MODIFIED:green,DELETED:green");
    }

    private static void AssertScenario(string output, string applyManager, string watched)
    {
        Assert.Contains("created settings\n", output);
        Assert.Contains("listed settings\n", output);
        Assert.Contains("patched green\n", output);
        Assert.Matches($@"applied large green .*{applyManager}/Apply", output);
        Assert.Contains("deployment web RollingUpdate\n", output);
        Assert.Contains("deleted 404\n", output);
        Assert.Contains($"watched {watched}\n", output);
        Assert.EndsWith("scenario ok\n", output);
    }

    private static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "clients", name);

    private static string Namespace(string prefix) => $"{prefix}-client-{Guid.NewGuid().ToString("N")[..5]}";

    /// <summary>npm installs the client once per machine into a temp folder (never into the repository); later runs reuse it.</summary>
    private static async Task<string> InstallClientNodeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"okube-client-node-{ClientNodeVersion}");
        if (File.Exists(Path.Combine(folder, "node_modules", "@kubernetes", "client-node", "package.json")))
            return folder;
        var staging = Directory.CreateTempSubdirectory("okube-client-node-").FullName;
        await ProcessRunner.RunAsync("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error",
            $"@kubernetes/client-node@{ClientNodeVersion}"], TimeSpan.FromMinutes(5));
        try
        {
            Directory.Move(staging, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(staging, recursive: true); // another run got there first
        }
        return folder;
    }
}
