using System.Net.Http.Headers;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// What TLS, authentication and RBAC cost a request, in one run: one cluster with two API silos,
/// one serving HTTPS and one plain HTTP on loopback (Security:AllowPlainHttp), and three clients
/// taking turns: the admin certificate over HTTPS (system:masters: no RBAC lookup), a bearer token
/// bound to `edit` over HTTPS (RBAC evaluated) and the same token over plain HTTP.
/// </summary>
internal static class SecurityLatency
{
    public static async Task RunAsync(int n)
    {
        var token = Guid.NewGuid().ToString("N");
        var tokenFile = Path.Combine(Path.GetTempPath(), $"okube-bench-tokens-{token}.csv");
        await File.WriteAllTextAsync(tokenFile, $"{token},bench-user,bench-uid\n");
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("security", pooling: true);
        var cluster = $"bench-{token[..6]}";
        await using var secure = SiloProcess.Start(database, $"{cluster}-tls", "api", "--cluster-id", cluster, "--token-auth-file", tokenFile);
        var plainUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var plain = SiloProcess.StartAt(plainUrl, database, $"{cluster}-plain", "api",
            "--cluster-id", cluster, "--token-auth-file", tokenFile, "--Security:AllowPlainHttp=true");
        await secure.WaitReadyAsync();
        await plain.WaitReadyAsync();

        using var admin = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(secure.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var tokenTls = Bearer(new HttpClient(ClusterCredentials.CreateHandler(asAdmin: false)) { BaseAddress = new Uri(secure.HttpUrl) }, token);
        using var tokenPlain = Bearer(new HttpClient { BaseAddress = new Uri(plainUrl) }, token);
        var ns = $"bench-{token[..6]}";
        await ApiLatency.SendAsync(admin, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        await ApiLatency.SendAsync(admin, HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"bench-edit"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"bench-user"}]}
            """);
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await ApiLatency.SendAsync(admin, HttpMethod.Post, path, ConfigMap("probe"));
        await Poll.UntilAsync(async () => (await tokenPlain.GetAsync($"{path}/probe")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "the binding to apply");

        var clients = new[] { ("HTTPS, admin certificate", admin), ("HTTPS, token + RBAC", tokenTls), ("plain HTTP, token + RBAC", tokenPlain) };
        foreach (var (_, http) in clients)
            for (var i = 0; i < 50; i++)
                await ApiLatency.SendAsync(http, HttpMethod.Get, $"{path}/probe", null);
        var results = clients.ToDictionary(c => c.Item1, _ => (Gets: new List<double>(n), Creates: new List<double>(n)));
        // Round-robin, so a change in the machine's load touches every client alike.
        for (var i = 0; i < n; i++)
            foreach (var (name, http) in clients)
                results[name].Gets.Add(await ApiLatency.SendAsync(http, HttpMethod.Get, $"{path}/probe", null));
        for (var i = 0; i < n; i++)
            foreach (var (name, http) in clients)
                results[name].Creates.Add(await ApiLatency.SendAsync(http, HttpMethod.Post, path, ConfigMap($"cm-{name.GetHashCode():x}-{i}")));

        Console.WriteLine("| client | request | n | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, (gets, creates)) in results)
            foreach (var (request, values) in new[] { ("GET configmap", gets), ("CREATE configmap", creates) })
                Console.WriteLine($"| {name} | {request} | {n} | {Stats.Percentile(values, 50):0.00} | {Stats.Percentile(values, 99):0.00} | {values.Max():0.00} |");
        File.Delete(tokenFile);
    }

    private static HttpClient Bearer(HttpClient http, string token)
    {
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string ConfigMap(string name) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""";
}
