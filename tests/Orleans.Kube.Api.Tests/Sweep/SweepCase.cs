using System.Text;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>One bad request of the sweep and the HTTP code kube-apiserver answers it with.</summary>
public sealed record SweepCase(string Name, HttpMethod Method, string Path, int Expected, byte[]? Body = null, string? ContentType = null)
{
    public const string Json = "application/json";

    public static SweepCase WithText(string name, HttpMethod method, string path, int expected, string body, string? contentType = Json) =>
        new(name, method, path, expected, Encoding.UTF8.GetBytes(body), contentType);

    public HttpRequestMessage ToRequest(string baseUrl)
    {
        var request = new HttpRequestMessage(Method, baseUrl + Path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return request;
    }

    public override string ToString() => $"{Name} [{Method} {Path}, expect {Expected}]";
}
