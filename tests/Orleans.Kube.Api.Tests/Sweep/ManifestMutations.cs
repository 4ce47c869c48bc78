using System.Text.Json.Nodes;
using static Orleans.Kube.Api.Tests.Sweep.Mutation;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>The table of mutations: wrong types (400) and invalid values (422), common and per kind.</summary>
public static class ManifestMutations
{
    private static string Long(int length, char c = 'a') => new(c, length);

    /// <summary>Metadata mutations every kind shares.</summary>
    public static IReadOnlyList<Mutation> Common(string token) =>
    [
        // Wrong JSON types: the body does not decode into the kind.
        Set("metadata", "not-an-object", 400),
        Set("metadata", new JsonArray(), 400),
        Set("metadata.name", 123, 400, createOnly: true),
        Set("metadata.labels", new JsonArray("a"), 400),
        Set("metadata.labels", new JsonObject { ["a"] = 1 }, 400),
        Set("metadata.annotations", "x", 400),
        Set("metadata.finalizers", "x", 400),
        Set("metadata.ownerReferences", new JsonObject(), 400),
        Set("apiVersion", 1, 400),
        Set("kind", new JsonObject(), 400),
        // Invalid names (create only: a replace names its object in the URL).
        Set("metadata.name", Long(254), 422, "name of 254 chars", createOnly: true),
        Set("metadata.name", Long(1000), 422, "name of 1000 chars", createOnly: true),
        Set("metadata.name", $"Upper-{token}", 422, "uppercase name", createOnly: true),
        Set("metadata.name", $"under_score-{token}", 422, "underscore in name", createOnly: true),
        Set("metadata.name", $"-dash-{token}", 422, "leading dash", createOnly: true),
        Set("metadata.name", $"a..b-{token}", 422, "empty DNS label", createOnly: true),
        Set("metadata.name", $"trailing-{token}.", 422, "trailing dot", createOnly: true),
        new("no name nor generateName", 422, obj => ((JsonObject)obj["metadata"]!).Remove("name"), CreateOnly: true),
        new("invalid generateName", 422, obj =>
        {
            var meta = (JsonObject)obj["metadata"]!;
            meta.Remove("name");
            meta["generateName"] = $"Bad_{token}-";
        }, CreateOnly: true),
        // Invalid labels, annotations, finalizers, owner references.
        Set("metadata.labels.app", Long(64), 422, "label value of 64 chars"),
        Set("metadata.labels.app", Long(5000), 422, "label value of 5000 chars"),
        Set("metadata.labels.app", "a b", 422, "label value with a space"),
        Set("metadata.labels.app", "-edge", 422, "label value starting with a dash"),
        Set("metadata.labels", new JsonObject { ["bad key"] = "v" }, 422, "label key with a space"),
        Set("metadata.labels", new JsonObject { [Long(254) + "/a"] = "v" }, 422, "label key prefix of 254 chars"),
        Set("metadata.labels", new JsonObject { [Long(64)] = "v" }, 422, "label key name of 64 chars"),
        Set("metadata.labels", new JsonObject { ["a/b/c"] = "v" }, 422, "label key with two slashes"),
        Set("metadata.annotations", new JsonObject { ["bad key"] = "v" }, 422, "annotation key with a space"),
        Set("metadata.annotations", new JsonObject { ["big"] = Long(300 * 1024) }, 422, "annotations of 300 KiB"),
        Set("metadata.finalizers", new JsonArray("bad finalizer"), 422),
        Set("metadata.ownerReferences", new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "x" }), 422, "owner reference without uid"),
    ];

    public static IReadOnlyList<Mutation> For(SweepKind kind) => kind.Kind switch
    {
        "ConfigMap" => ConfigMap,
        "Secret" => Secret,
        "Service" => Service,
        "Pod" => Pod("spec"),
        "Deployment" => [.. Deployment, .. Pod("spec.template.spec")],
        _ => [],
    };

    private static readonly Mutation[] ConfigMap =
    [
        Set("data", new JsonArray(), 400),
        Set("data", "x", 400),
        Set("data.k", 1, 400),
        Set("binaryData", new JsonObject { ["b"] = "%%%not-base64" }, 400),
        Set("immutable", "yes", 400),
        Set("data", new JsonObject { ["bad key"] = "v" }, 422, "data key with a space"),
        Set("data", new JsonObject { [".."] = "v" }, 422, "data key .."),
        Set("binaryData", new JsonObject { ["k"] = "dg==" }, 422, "key in data and binaryData"),
        Set("data.k", Long(1024 * 1024 + 1), 422, "data over 1 MiB"),
    ];

    private static readonly Mutation[] Secret =
    [
        Set("data.k", "%%%not-base64", 400),
        Set("data", new JsonArray(), 400),
        Set("stringData", new JsonArray(), 400),
        Set("type", 5, 400),
        Set("data", new JsonObject { ["bad key"] = "dg==" }, 422, "data key with a space"),
        Set("type", "kubernetes.io/tls", 422, "tls secret without tls.crt and tls.key"),
        Set("type", "kubernetes.io/dockerconfigjson", 422, "dockerconfigjson secret without .dockerconfigjson"),
        Set("data.k", Convert.ToBase64String(new byte[1024 * 1024 + 1]), 422, "data over 1 MiB"),
    ];

    private static readonly Mutation[] Service =
    [
        Set("spec", "x", 400),
        Set("spec.ports", new JsonObject(), 400),
        Set("spec.ports[0].port", "80", 400),
        Set("spec.ports[0].port", 1.5, 400),
        Set("spec.ports[0].port", 99999999999L, 400),
        Set("spec.selector", new JsonArray("app"), 400),
        Set("spec.type", "Bogus", 422),
        Set("spec.ports[0].port", 0, 422),
        Set("spec.ports[0].port", 70000, 422),
        Set("spec.ports[0].protocol", "HTTP", 422),
        Set("spec.ports[0].targetPort", "bad_name", 422),
        Set("spec.ports[0].name", "Bad_Name", 422),
        Set("spec.clusterIP", "not-an-ip", 422),
        Set("spec.sessionAffinity", "Sometimes", 422),
        Set("spec.selector", new JsonObject { ["app"] = "a b" }, 422, "selector value with a space"),
        Set("spec.ports", new JsonArray(), 422, "no ports"),
        new("duplicate port", 422, obj => ((JsonArray)obj["spec"]!["ports"]!).Add(new JsonObject { ["name"] = "again", ["port"] = 80, ["protocol"] = "TCP" })),
        Set("metadata.name", "1starts-with-digit", 422, "DNS-1035 name starting with a digit", createOnly: true),
        Set("metadata.name", Long(64), 422, "DNS-1035 name of 64 chars", createOnly: true),
    ];

    private static Mutation[] Pod(string spec) =>
    [
        Set($"{spec}.containers", new JsonObject(), 400),
        Set($"{spec}.containers[0].ports[0].containerPort", "8080", 400),
        Set($"{spec}.containers[0].env", new JsonObject(), 400),
        Set($"{spec}.containers[0].command", "sleep 3600", 400),
        Set($"{spec}.containers[0].resources.limits.cpu", "lots", 400),
        Set($"{spec}.terminationGracePeriodSeconds", "30", 400),
        Set($"{spec}.restartPolicy", 1, 400),
        Set($"{spec}.containers", new JsonArray(), 422),
        Set($"{spec}.containers[0].name", "Bad_C", 422),
        Remove($"{spec}.containers[0].image", 422),
        new($"{spec}: duplicate container names", 422, obj =>
            ((JsonArray)JsonEdit.Get(obj, $"{spec}.containers")!).Add(new JsonObject { ["name"] = "c", ["image"] = SweepKind.Image })),
        Set($"{spec}.containers[0].ports[0].containerPort", 0, 422),
        Set($"{spec}.containers[0].ports[0].containerPort", 70000, 422),
        Set($"{spec}.containers[0].ports[0].hostPort", 70000, 422),
        Set($"{spec}.restartPolicy", "Sometimes", 422),
        Set($"{spec}.containers[0].imagePullPolicy", "Maybe", 422),
        Set($"{spec}.containers[0].resources.requests", new JsonObject { ["cpu"] = "2" }, 422, $"{spec}: requests above limits"),
        Set($"{spec}.containers[0].env[0].name", "", 422),
        Set($"{spec}.containers[0].volumeMounts", new JsonArray(new JsonObject { ["name"] = "missing", ["mountPath"] = "/m" }), 422, $"{spec}: mount of a missing volume"),
        Set($"{spec}.dnsPolicy", "Bogus", 422),
        Set($"{spec}.activeDeadlineSeconds", 0, 422),
        Set($"{spec}.nodeSelector", new JsonObject { ["okube.io/sweep"] = "a b" }, 422, $"{spec}: nodeSelector value with a space"),
        Set($"{spec}.containers[0].readinessProbe", new JsonObject { ["periodSeconds"] = 1 }, 422, $"{spec}: probe without a handler"),
    ];

    private static readonly Mutation[] Deployment =
    [
        Set("spec.replicas", "three", 400),
        Set("spec.replicas", 1.5, 400),
        Set("spec.replicas", 3000000000L, 400),
        Set("spec.selector", "app=sweep", 400),
        Set("spec.template", new JsonArray(), 400),
        Set("spec.strategy.rollingUpdate.maxSurge", new JsonObject(), 400),
        Set("spec.paused", "true", 400),
        Set("spec.replicas", -1, 422),
        Remove("spec.selector", 422),
        Set("spec.selector", new JsonObject(), 422, "empty selector"),
        Set("spec.selector.matchLabels.app", "other", 422, "selector not matching the template"),
        Set("spec.selector.matchExpressions", new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "Bogus" }), 422),
        Set("spec.template.metadata.labels", new JsonObject(), 422, "template without labels"),
        Set("spec.strategy.type", "Bogus", 422),
        Set("spec.strategy.rollingUpdate.maxUnavailable", "150%", 422),
        Set("spec.strategy.rollingUpdate", new JsonObject { ["maxSurge"] = 0, ["maxUnavailable"] = 0 }, 422, "maxSurge and maxUnavailable both 0"),
        Set("spec.revisionHistoryLimit", -1, 422),
        Set("spec.minReadySeconds", 700, 422, "minReadySeconds above progressDeadlineSeconds"),
        Set("spec.template.spec.restartPolicy", "Never", 422),
    ];
}
