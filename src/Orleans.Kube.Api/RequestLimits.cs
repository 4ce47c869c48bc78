namespace Orleans.Kube.Api;

public static class RequestLimits
{
    /// <summary>kube-apiserver's limit for a request body; larger ones get 413.</summary>
    public const long MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>Kestrel's cap: beyond it the connection is cut rather than answered.</summary>
    public const long TransportMaxBytes = 16 * 1024 * 1024;
}
