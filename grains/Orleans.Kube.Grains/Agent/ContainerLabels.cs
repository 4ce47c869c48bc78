namespace Orleans.Kube.Grains;

/// <summary>
/// Labels on every container a node agent creates: how a restarted agent finds and adopts its
/// containers instead of creating duplicates.
/// </summary>
public static class ContainerLabels
{
    public const string Node = "okube.node";
    public const string PodUid = "okube.pod.uid";
    public const string PodNamespace = "okube.pod.namespace";
    public const string PodName = "okube.pod.name";
    public const string Container = "okube.container";
    public const string Attempt = "okube.attempt";
    public const string Init = "okube.init";
    /// <summary>On a sandbox: the pod's IP, so any silo on the host can find the pod's network namespace by it.</summary>
    public const string PodIp = "okube.pod.ip";
}
