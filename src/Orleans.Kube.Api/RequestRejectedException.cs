namespace Orleans.Kube.Api;

/// <summary>
/// Ends a request early with an HTTP code and its meta/v1 Status body, wherever the request is
/// read (query options, body, content type); <see cref="ResourceEndpoints"/> writes the answer.
/// </summary>
internal sealed class RequestRejectedException(int code, string status) : Exception($"HTTP {code}")
{
    public int Code => code;
    public string Status => status;
}
