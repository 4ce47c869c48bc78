using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// HTTPS, authentication and RBAC with the real kubectl: the admin kubeconfig works, no
/// credentials is 401, a user bound to `view` in one namespace gets kube's 403 messages elsewhere,
/// `kubectl auth can-i` reports the bindings, a ServiceAccount token works only once bound, and
/// the audit log names who did what.
/// </summary>
[Trait("Category", "E2E")]
public sealed class AuthenticationAndRbacTests(ApiClusterFixture cluster) : IDisposable
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(20);
    private readonly string home = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"okube-alice-{Guid.NewGuid():N}")).FullName;
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task TheAdminKubeconfigWorksOverHttpsAndNoCredentialsIs401()
    {
        Assert.StartsWith("https://", cluster.Silo.HttpUrl);
        var whoami = (await Kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
        Assert.Contains("kubernetes-admin", whoami);
        Assert.Contains("system:masters", whoami);

        using var anonymous = new HttpClient(ClusterCredentials.CreateHandler(asAdmin: false));
        var ct = TestContext.Current.CancellationToken;
        using var denied = await anonymous.GetAsync($"{cluster.Silo.HttpUrl}/api/v1/namespaces/default/secrets", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        var status = JsonNode.Parse(await denied.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("Unauthorized", status["reason"]!.GetValue<string>());
        using var badToken = new HttpRequestMessage(HttpMethod.Get, $"{cluster.Silo.HttpUrl}/api/v1/namespaces");
        badToken.Headers.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(badToken, ct)).StatusCode);
        foreach (var open in new[] { "/healthz", "/livez", "/readyz", "/version" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(cluster.Silo.HttpUrl + open, ct)).StatusCode);
    }

    [Fact]
    public async Task AViewerInOneNamespaceGetsKubesForbiddenMessagesElsewhere()
    {
        var (ns1, ns2) = await TwoNamespacesAsync("view");
        (await Kubectl.RunAsync("create", "rolebinding", "alice-view", "-n", ns1, "--clusterrole=view", "--user=alice")).EnsureSuccess();
        (await Kubectl.RunAsync("create", "configmap", "seen", "-n", ns1)).EnsureSuccess();

        var listed = await Poll.UntilAsync(() => AliceAsync("get", "configmaps", "-n", ns1), r => r.ExitCode == 0, Converge, "alice's binding to apply");
        Assert.Contains("seen", listed.Stdout);
        Assert.Equal(0, (await AliceAsync("get", "pods", "-n", ns1)).ExitCode);

        var create = await AliceAsync("create", "configmap", "mine", "-n", ns1);
        Assert.Contains($"configmaps is forbidden: User \"alice\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"{ns1}\"", create.Stderr);
        var secrets = await AliceAsync("get", "secrets", "-n", ns1);
        Assert.Contains($"Error from server (Forbidden): secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns1}\"", secrets.Stderr);
        var elsewhere = await AliceAsync("get", "pods", "-n", ns2);
        Assert.Contains($"Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns2}\"", elsewhere.Stderr);
        var named = await AliceAsync("get", "namespace", ns2);
        Assert.Contains($"namespaces \"{ns2}\" is forbidden: User \"alice\" cannot get resource \"namespaces\" in API group \"\" in the namespace \"{ns2}\"", named.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "mine", "-n", ns1)).ExitCode);

        // What the audit log says alice did.
        var events = await Poll.UntilAsync(() => Task.FromResult(AuditEvents()), e => e.Any(x => IsAliceCreate(x, ns1)), Converge, "the audit event of alice's create");
        var refused = events.First(x => IsAliceCreate(x, ns1));
        Assert.Equal(403, refused["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Equal("configmaps", refused["objectRef"]!["resource"]!.GetValue<string>());
        Assert.Contains(events, x => x["user"]?["username"]?.GetValue<string>() == "kubernetes-admin" && x["verb"]?.GetValue<string>() == "create"
            && x["objectRef"]?["resource"]?.GetValue<string>() == "rolebindings" && x["objectRef"]?["namespace"]?.GetValue<string>() == ns1);
    }

    [Fact]
    public async Task CanIListsWhatTheBindingsAllow()
    {
        var (ns1, _) = await TwoNamespacesAsync("cani");
        (await Kubectl.RunAsync("create", "rolebinding", "bob-edit", "-n", ns1, "--clusterrole=edit", "--user=bob")).EnsureSuccess();
        var list = await Poll.UntilAsync(() => Kubectl.RunAsync("auth", "can-i", "--list", "--as=bob", "-n", ns1),
            r => r.Stdout.Contains("deployments.apps"), Converge, "bob's rules to list");
        Assert.Contains(list.Stdout.Split('\n'), l => l.StartsWith("pods ", StringComparison.Ordinal) && l.Contains("create") && l.Contains("deletecollection"));
        Assert.Contains(list.Stdout.Split('\n'), l => l.StartsWith("selfsubjectaccessreviews.authorization.k8s.io", StringComparison.Ordinal));
        Assert.DoesNotContain("rolebindings", list.Stdout);

        Assert.Equal("yes", (await Kubectl.RunAsync("auth", "can-i", "create", "deployments", "--as=bob", "-n", ns1)).Stdout.Trim());
        var no = await Kubectl.RunAsync("auth", "can-i", "create", "rolebindings", "--as=bob", "-n", ns1);
        Assert.Equal(("no", 1), (no.Stdout.Trim(), no.ExitCode));
        Assert.Equal("no", (await Kubectl.RunAsync("auth", "can-i", "get", "pods", "--as=bob", "-n", "default")).Stdout.Trim());
        Assert.Equal("yes", (await Kubectl.RunAsync("auth", "can-i", "*", "*")).Stdout.Trim());
        // Impersonating needs the impersonate verb: alice may not act as the admin.
        var escalate = await AliceAsync("get", "pods", "-n", ns1, "--as=kubernetes-admin", "--as-group=system:masters");
        Assert.Contains("users \"kubernetes-admin\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", escalate.Stderr);
    }

    [Fact]
    public async Task AServiceAccountTokenListsPodsOnlyAfterARoleBinding()
    {
        var (ns1, _) = await TwoNamespacesAsync("satoken");
        var account = await Poll.UntilAsync(() => Kubectl.RunAsync("get", "serviceaccount", "default", "-n", ns1),
            r => r.ExitCode == 0, Converge, "the namespace's default ServiceAccount");
        Assert.Contains("default", account.Stdout);
        Assert.Equal(0, (await Kubectl.RunAsync("get", "configmap", "kube-root-ca.crt", "-n", ns1)).ExitCode);
        var token = (await Kubectl.RunAsync("create", "token", "default", "-n", ns1, "--duration=15m")).EnsureSuccess().Stdout.Trim();

        using var http = new HttpClient(ClusterCredentials.CreateHandler(asAdmin: false));
        var url = $"{cluster.Silo.HttpUrl}/api/v1/namespaces/{ns1}/pods";
        Assert.Equal(HttpStatusCode.Forbidden, await AsTokenAsync(http, url, token));
        (await Kubectl.RunAsync("create", "rolebinding", "sa-view", "-n", ns1, "--clusterrole=view", $"--serviceaccount={ns1}:default")).EnsureSuccess();
        await Poll.UntilAsync(() => AsTokenAsync(http, url, token), code => code == HttpStatusCode.OK, Converge, "the token to list pods");

        // TokenReview names the account; deleting the account revokes the token.
        var body = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenReview",
            ["spec"] = new JsonObject { ["token"] = token },
        };
        using var review = await ClusterCredentials.Http.PostAsync($"{cluster.Silo.HttpUrl}/apis/authentication.k8s.io/v1/tokenreviews",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        var user = JsonNode.Parse(await review.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["status"]!["user"]!;
        Assert.Equal($"system:serviceaccount:{ns1}:default", user["username"]!.GetValue<string>());
        (await Kubectl.RunAsync("delete", "serviceaccount", "default", "-n", ns1)).EnsureSuccess();
        Assert.Equal(HttpStatusCode.Unauthorized, await AsTokenAsync(http, url, token));
    }

    private static async Task<HttpStatusCode> AsTokenAsync(HttpClient http, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<(string, string)> TwoNamespacesAsync(string prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (ns1, ns2) = ($"{prefix}-a-{suffix}", $"{prefix}-b-{suffix}");
        (await Kubectl.RunAsync("create", "namespace", ns1)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "namespace", ns2)).EnsureSuccess();
        return (ns1, ns2);
    }

    /// <summary>kubectl as alice, authenticated only by her bearer token from the silo's token file.</summary>
    private Task<Kubectl.Result> AliceAsync(params string[] args)
    {
        var kubeconfig = Path.Combine(home, "kubeconfig");
        if (!File.Exists(kubeconfig))
            File.WriteAllText(kubeconfig, $$"""
                apiVersion: v1
                kind: Config
                clusters:
                - name: okube
                  cluster: {server: "{{cluster.Silo.HttpUrl}}", certificate-authority: "{{ClusterCredentials.CaPath}}"}
                users:
                - name: alice
                  user: {token: "{{cluster.Tokens["alice"]}}"}
                contexts:
                - name: alice
                  context: {cluster: okube, user: alice}
                current-context: alice
                """);
        return Kubectl.RunAsync(["--kubeconfig", kubeconfig, .. args]);
    }

    private List<JsonNode> AuditEvents()
    {
        using var stream = new FileStream(cluster.AuditLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    private static bool IsAliceCreate(JsonNode e, string ns) =>
        e["user"]?["username"]?.GetValue<string>() == "alice" && e["verb"]?.GetValue<string>() == "create"
        && e["objectRef"]?["namespace"]?.GetValue<string>() == ns;

    public void Dispose()
    {
        try { Directory.Delete(home, recursive: true); }
        catch (IOException) { }
    }
}
