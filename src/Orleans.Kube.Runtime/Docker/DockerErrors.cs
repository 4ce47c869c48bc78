using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace Orleans.Kube.Runtime;

/// <summary>Turns Engine errors into the runtime's engine-agnostic exceptions.</summary>
internal static class DockerErrors
{
    /// <summary>The Engine wraps messages as {"message": "..."}; fall back to the raw body.</summary>
    public static string MessageOf(DockerApiException e)
    {
        var body = e.ResponseBody;
        if (string.IsNullOrWhiteSpace(body))
        {
            return $"{(int)e.StatusCode} {e.StatusCode}";
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }

    public static bool IsNotFound(DockerApiException e) => e is DockerContainerNotFoundException || e.StatusCode == HttpStatusCode.NotFound;

    /// <summary>Runs an Engine call on a container, translating "no such container" and conflicts ("is not running").</summary>
    public static async Task<T> OnContainerAsync<T>(string id, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException e) when (IsNotFound(e))
        {
            throw new ContainerNotFoundException(id, e);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException(MessageOf(e), e);
        }
    }
}
