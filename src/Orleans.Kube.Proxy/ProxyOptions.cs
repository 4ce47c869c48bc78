namespace Orleans.Kube.Proxy;

/// <summary>The node proxy's settings, bound from the "Proxy" configuration section of a worker silo.</summary>
public sealed class ProxyOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where NodePorts listen: the node's address (the silo's bind address).</summary>
    public string NodeAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a connection to a backend may take before the next backend is tried.</summary>
    public double ConnectTimeoutSeconds { get; set; } = 2;
}
