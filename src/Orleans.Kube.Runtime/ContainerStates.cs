namespace Orleans.Kube.Runtime;

/// <summary>The values of <see cref="ContainerInfo.State"/> (Docker's vocabulary).</summary>
public static class ContainerStates
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Exited = "exited";
    public const string Paused = "paused";
    public const string Restarting = "restarting";
    public const string Dead = "dead";
}
