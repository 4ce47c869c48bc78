using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>ConfigMaps and Secrets reaching real containers as env and files, updates reaching running pods, and Secrets sealed in PostgreSQL.</summary>
[Trait("Category", "E2E")]
public sealed class ConfigurationTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task ConfigMapsAndSecretsArriveAsEnvAndFilesAndUpdatesReachRunningPods()
    {
        var ns = $"conf-{Guid.NewGuid():N}"[..12];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        var password = $"pw-{Guid.NewGuid():N}";
        (await Kubectl.RunAsync("create", "configmap", "app", "-n", ns, "--from-literal=greeting=hello", "--from-literal=unused=x")).EnsureSuccess();
        (await Kubectl.RunAsync("create", "secret", "generic", "app", "-n", ns, $"--from-literal=password={password}")).EnsureSuccess();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["initContainers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "seed",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    ["command"] = new JsonArray("sh", "-c", "echo seeded > /scratch/seed"),
                    ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["mountPath"] = "/scratch" }),
                }),
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"),
                    ["env"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "GREETING",
                        ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "app", ["key"] = "greeting" } },
                    }),
                    ["envFrom"] = new JsonArray(new JsonObject { ["prefix"] = "SECRET_", ["secretRef"] = new JsonObject { ["name"] = "app" } }),
                    ["volumeMounts"] = new JsonArray(
                        new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/config" },
                        new JsonObject { ["name"] = "secret", ["mountPath"] = "/etc/secret" },
                        new JsonObject { ["name"] = "scratch", ["mountPath"] = "/scratch" }),
                }),
                ["volumes"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "config",
                        ["configMap"] = new JsonObject
                        {
                            ["name"] = "app",
                            ["items"] = new JsonArray(new JsonObject { ["key"] = "greeting", ["path"] = "conf/greeting.txt", ["mode"] = 256 }),
                        },
                    },
                    new JsonObject { ["name"] = "secret", ["secret"] = new JsonObject { ["secretName"] = "app", ["defaultMode"] = 256 } },
                    new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() }),
            },
        };
        (await Kubectl.RunAsync(["apply", "-f", "-"], pod.ToJsonString())).EnsureSuccess();
        (await Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/app", "-n", ns, "--timeout=180s"], timeout: TimeSpan.FromSeconds(200))).EnsureSuccess();

        Assert.Equal($"hello|{password}", await ExecAsync(ns, "echo \"$GREETING|$SECRET_password\""));
        Assert.Equal("hello", await ExecAsync(ns, "cat /etc/config/conf/greeting.txt"));
        Assert.Equal("absent", await ExecAsync(ns, "test -e /etc/config/unused && echo present || echo absent"));
        Assert.StartsWith("-r--------", await ExecAsync(ns, "ls -lL /etc/config/conf/greeting.txt"));
        Assert.Equal(password, await ExecAsync(ns, "cat /etc/secret/password"));
        Assert.Equal("seeded", await ExecAsync(ns, "cat /scratch/seed"));

        // A ConfigMap update reaches the running pod's file; env keeps its start-time value, as in kube.
        (await Kubectl.RunAsync("patch", "configmap", "app", "-n", ns, "-p", """{"data":{"greeting":"bonjour"}}""")).EnsureSuccess();
        await Poll.UntilAsync(async () => await ExecAsync(ns, "cat /etc/config/conf/greeting.txt") == "bonjour", Converge, "the mounted file to change");
        Assert.Equal("hello", await ExecAsync(ns, "echo $GREETING"));

        // Secrets are sealed at rest, yet the API still serves their base64 data.
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
        Assert.Equal(base64, (await Kubectl.RunAsync("get", "secret", "app", "-n", ns, "-o", "jsonpath={.data.password}")).EnsureSuccess().Stdout);
        var dump = await DumpDatabaseAsync();
        Assert.Contains("hello", dump); // the dump does see plain ConfigMap data
        Assert.DoesNotContain(password, dump);
        Assert.DoesNotContain(base64, dump);
    }

    private async Task<string> ExecAsync(string ns, string script) =>
        (await Kubectl.RunAsync("exec", "app", "-n", ns, "--", "sh", "-c", script)).EnsureSuccess().Stdout.Trim();

    /// <summary>Every row of every table of the cluster's database, as text.</summary>
    private async Task<string> DumpDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                dump.AppendLine(reader.GetString(0));
        }
        return dump.ToString();
    }
}
