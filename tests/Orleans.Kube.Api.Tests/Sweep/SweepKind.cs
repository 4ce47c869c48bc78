using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// A kind the sweep mutates: where its collection lives and a valid manifest of it. Pods never
/// get a node (their nodeSelector matches none) and the Deployment has no replicas, so the seeded
/// objects go quiet once created and any later write in the namespace is the sweep's doing.
/// </summary>
public sealed record SweepKind(string Kind, string ApiVersion, string Plural, Func<string, string, JsonObject> Manifest)
{
    public const string Image = "okube/busybox:1";

    public string Collection(string ns) => ApiVersion == "v1" ? $"/api/v1/namespaces/{ns}/{Plural}" : $"/apis/{ApiVersion}/namespaces/{ns}/{Plural}";

    public string Item(string ns, string name) => $"{Collection(ns)}/{name}";

    /// <summary>The name of the object seeded before the sweep (updates target it).</summary>
    public string Seeded => $"seeded-{Kind.ToLowerInvariant()}";

    /// <summary>The name of a create that must never succeed.</summary>
    public string Fresh => $"fresh-{Kind.ToLowerInvariant()}";

    public static readonly SweepKind ConfigMap = new("ConfigMap", "v1", "configmaps", (ns, name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = Meta(ns, name),
        ["data"] = new JsonObject { ["k"] = "v" },
    });

    public static readonly SweepKind Secret = new("Secret", "v1", "secrets", (ns, name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = Meta(ns, name),
        ["type"] = "Opaque",
        ["data"] = new JsonObject { ["k"] = "dg==" },
    });

    public static readonly SweepKind Service = new("Service", "v1", "services", (ns, name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Meta(ns, name),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = "sweep" },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
        },
    });

    public static readonly SweepKind Pod = new("Pod", "v1", "pods", (ns, name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Meta(ns, name),
        ["spec"] = PodSpec(),
    });

    public static readonly SweepKind Deployment = new("Deployment", "apps/v1", "deployments", (ns, name) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Meta(ns, name),
        ["spec"] = new JsonObject
        {
            ["replicas"] = 0,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "sweep" } },
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1, ["maxUnavailable"] = 0 },
            },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "sweep" } },
                ["spec"] = PodSpec(),
            },
        },
    });

    public static IReadOnlyList<SweepKind> All { get; } = [ConfigMap, Secret, Service, Pod, Deployment];

    private static JsonObject Meta(string ns, string name) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["labels"] = new JsonObject { ["app"] = "sweep" },
    };

    private static JsonObject PodSpec() => new()
    {
        ["nodeSelector"] = new JsonObject { ["okube.io/sweep"] = "nowhere" },
        ["terminationGracePeriodSeconds"] = 1,
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "c",
            ["image"] = Image,
            ["command"] = new JsonArray("sleep", "3600"),
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
            ["env"] = new JsonArray(new JsonObject { ["name"] = "A", ["value"] = "1" }),
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "100m" } },
        }),
    };
}
