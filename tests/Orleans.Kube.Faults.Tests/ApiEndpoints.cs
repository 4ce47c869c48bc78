using System.Net;
using System.Text;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Faults.Tests;

/// <summary>
/// An HTTP client of the Kubernetes API with several API silos behind it: a request that finds no
/// silo, times out or gets a 5xx moves the client on to the next silo, as a client with several
/// API endpoints (or behind a load balancer) would.
/// </summary>
public sealed class ApiEndpoints(IReadOnlyList<string> urls)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(20));
    private int current;

    public sealed record Answer(HttpStatusCode Code, string Body)
    {
        public bool IsSuccess => (int)Code is >= 200 and < 300;
    }

    /// <summary>One attempt against the current silo; null when no answer came (the client then moves on).</summary>
    public async Task<Answer?> TryAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var url = urls[Volatile.Read(ref current) % urls.Count];
        try
        {
            using var request = new HttpRequestMessage(method, url + path);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await Http.SendAsync(request);
            var answer = new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
            if ((int)answer.Code >= 500)
                MoveOn();
            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            MoveOn();
            return null;
        }
    }

    /// <summary>Retries until a 2xx (or <paramref name="accept"/>ed) answer, moving between silos, within <paramref name="timeout"/>.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json",
        TimeSpan? timeout = null, Func<Answer, bool>? accept = null) =>
        (await Poll.UntilAsync(() => TryAsync(method, path, body, contentType),
            answer => answer is not null && (answer.IsSuccess || accept?.Invoke(answer) == true),
            timeout ?? TimeSpan.FromMinutes(2), $"{method} {path} to succeed", TimeSpan.FromMilliseconds(500)))!;

    /// <summary>
    /// POST until the object exists: an AlreadyExists answer means an earlier attempt whose answer
    /// was lost (a timeout under load) did create it.
    /// </summary>
    public Task<Answer> CreateAsync(string collectionPath, string body) =>
        SendAsync(HttpMethod.Post, collectionPath, body, accept: answer => answer.Code == HttpStatusCode.Conflict);

    private void MoveOn() => Interlocked.Increment(ref current);
}
