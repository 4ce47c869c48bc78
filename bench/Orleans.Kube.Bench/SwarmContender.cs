using System.Globalization;
using Docker.DotNet.Models;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// Docker Swarm mode on the same Engine, driven by the docker CLI as a user would. One service per
/// measurement; its containers carry a label of our own so only they are counted and removed.
/// </summary>
internal sealed class SwarmContender(Engine engine) : Contender(engine)
{
    private const string Cli = "/usr/bin/docker";
    private const string LabelKey = "okube.bench.swarm";
    private string service = "";

    public override string Name => "Docker Swarm";
    protected override string ContainerLabel => $"{LabelKey}={service}";

    protected override Task CreateAsync(int replicas, string image)
    {
        service = $"okube-bench-{Guid.NewGuid().ToString("N")[..8]}";
        // Same stop policy and init as ours; restart at once as kubelet's first restart does;
        // updates 10 at a time with no pause between batches.
        return DockerAsync(["service", "create", "--detach=true", "--name", service, "--replicas", Count(replicas),
            "--init", "--stop-grace-period", $"{Workload.StopGraceSeconds}s", "--restart-delay", "0s",
            "--update-parallelism", Count(Workload.UpdateBatch), "--update-delay", "0s",
            "--container-label", ContainerLabel, image, .. Workload.Command]);
    }

    protected override Task ResizeAsync(int replicas) =>
        DockerAsync(["service", "scale", "--detach=true", $"{service}={Count(replicas)}"]);

    protected override Task RollAsync(string image) =>
        DockerAsync(["service", "update", "--detach=true", "--image", image, service]);

    protected override Task RemoveAsync() => DockerAsync(["service", "rm", service]);

    /// <summary>Tasks meant to run that Swarm reports running on the current image.</summary>
    protected override async Task<bool> ReportsSettledAsync()
    {
        var tasks = await Engine.Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["service"] = new Dictionary<string, bool> { [service] = true },
                ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
            },
        });
        return tasks.Count == Replicas && tasks.All(t =>
            t.Status?.State == TaskState.Running && Engine.IsImage(t.Spec?.ContainerSpec?.Image ?? "", Image));
    }

    public override async Task TearDownAsync()
    {
        if (service.Length == 0)
            return;
        var exists = (await ProcessRunner.RunAsync(Cli, ["service", "ls", "-q", "--filter", $"name={service}"], TimeSpan.FromMinutes(1))).Trim().Length > 0;
        if (exists)
            await DeleteAsync();
        service = "";
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Task DockerAsync(string[] args) => ProcessRunner.RunAsync(Cli, args, TimeSpan.FromMinutes(2));
}
