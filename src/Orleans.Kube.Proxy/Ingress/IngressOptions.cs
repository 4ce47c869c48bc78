namespace Orleans.Kube.Proxy.Ingress;

/// <summary>The ingress proxy's settings, bound from the "Ingress" configuration section of a worker silo.</summary>
public sealed class IngressOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The loopback address the listeners bind (the node's address unless set).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Plain HTTP; 0 turns it off. Outside the NodePort range and the silo's own ports.</summary>
    public int HttpPort { get; set; } = 18080;

    /// <summary>HTTPS with SNI; 0 turns it off.</summary>
    public int HttpsPort { get; set; } = 18443;

    /// <summary>How long a connection to a backend may take before the next backend is tried.</summary>
    public double ConnectTimeoutSeconds { get; set; } = 2;
}
