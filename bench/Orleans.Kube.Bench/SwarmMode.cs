using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// Puts the shared Engine in swarm mode for the Swarm measurements, and takes it out again only if
/// it was not in swarm mode before and no service of anybody else's is left.
/// </summary>
internal sealed class SwarmMode : IAsyncDisposable
{
    private const string Cli = "/usr/bin/docker";
    private readonly bool initialised;

    private SwarmMode(bool initialised) => this.initialised = initialised;

    public static async Task<SwarmMode> EnsureAsync()
    {
        var state = (await DockerAsync("info", "--format", "{{.Swarm.LocalNodeState}}")).Trim();
        if (state == "active")
            return new SwarmMode(false);
        await DockerAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
        Console.Error.WriteLine("okube-bench: swarm mode initialised (advertise 127.0.0.1); it is left again at the end");
        return new SwarmMode(true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!initialised)
            return;
        if ((await DockerAsync("service", "ls", "-q")).Trim().Length > 0)
        {
            Console.Error.WriteLine("okube-bench: other services exist; staying in swarm mode");
            return;
        }
        await DockerAsync("swarm", "leave", "--force");
        // swarm init created this network and leave keeps it; nothing of ours is attached any more.
        try { await DockerAsync("network", "rm", "docker_gwbridge"); }
        catch (InvalidOperationException ex) { Console.Error.WriteLine($"okube-bench: docker_gwbridge stays: {ex.Message.Trim()}"); }
    }

    private static Task<string> DockerAsync(params string[] args) => ProcessRunner.RunAsync(Cli, args, TimeSpan.FromMinutes(2));
}
