using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>Bounded client loads against a service address (loopback only): who answered, how many failed.</summary>
internal static class ServiceTraffic
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Sends <paramref name="count"/> requests, each on a fresh connection; returns the answers by body, failures under "".</summary>
    public static async Task<Dictionary<string, int>> CountAnswersAsync(string url, int count)
    {
        var answers = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var body = await TryGetAsync(url) ?? "";
            answers[body] = answers.GetValueOrDefault(body) + 1;
        }
        return answers;
    }

    /// <summary>The status of a GET with the given Host header (an ingress route); null when the connection failed.</summary>
    public static async Task<HttpStatusCode?> StatusAsync(HttpClient client, string url, string host)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public static async Task<string?> TryGetAsync(string url)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode ? (await response.Content.ReadAsStringAsync()).Trim() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Opens a connection that the backend holds open, and reads the first line it sends (the pod's name).</summary>
    public static async Task<(TcpClient Connection, string Pod)> HoldAsync(string host, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        var line = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(buffer, timeout.Token) == 1 && buffer[0] != '\n')
            line.Append((char)buffer[0]);
        return (client, line.ToString());
    }
}
