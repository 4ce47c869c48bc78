using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>Creates and replaces with bodies that do not decode, decode into the wrong shape, or fail validation.</summary>
public static class BodyCases
{
    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        foreach (var kind in SweepKind.All)
        {
            foreach (var c in Undecodable(target, kind))
                yield return c;
            foreach (var c in Identity(target, kind))
                yield return c;
            foreach (var mutation in ManifestMutations.Common(target.Token).Concat(ManifestMutations.For(kind)))
                yield return Create(target, kind, mutation);
            foreach (var mutation in ManifestMutations.For(kind).Where(m => !m.CreateOnly))
                yield return Replace(target, kind, mutation);
        }
    }

    private static SweepCase Create(SweepTarget target, SweepKind kind, Mutation mutation) =>
        SweepCase.WithText($"create {kind.Kind}: {mutation.Name}", HttpMethod.Post, kind.Collection(target.Namespace), mutation.Expected,
            mutation.ApplyTo(kind.Manifest(target.Namespace, kind.Fresh)).ToJsonString());

    private static SweepCase Replace(SweepTarget target, SweepKind kind, Mutation mutation) =>
        SweepCase.WithText($"replace {kind.Kind}: {mutation.Name}", HttpMethod.Put, kind.Item(target.Namespace, kind.Seeded), mutation.Expected,
            mutation.ApplyTo(kind.Manifest(target.Namespace, kind.Seeded)).ToJsonString());

    private static IEnumerable<SweepCase> Undecodable(SweepTarget target, SweepKind kind)
    {
        var path = kind.Collection(target.Namespace);
        var json = kind.Manifest(target.Namespace, kind.Fresh).ToJsonString();
        SweepCase Post(string what, int expected, string body, string? contentType = SweepCase.Json, string query = "") =>
            SweepCase.WithText($"create {kind.Kind}: {what}", HttpMethod.Post, path + query, expected, body, contentType);

        yield return Post("truncated JSON", 400, json[..(json.Length / 2)]);
        yield return Post("JSON with trailing garbage", 400, json + " trailing");
        yield return Post("empty body", 400, "");
        yield return Post("null", 400, "null");
        yield return Post("a JSON list", 400, $"[{json}]");
        yield return Post("a JSON string", 400, "\"ConfigMap\"");
        yield return Post("a JSON number", 400, "42");
        // Go's decoder stops at 10000 levels; a deeper document is a decode error there too.
        yield return Post("JSON nested 20000 deep", 400, json[..^1] + ",\"deep\":" + new string('[', 20000) + new string(']', 20000) + "}");
        yield return Post("YAML sent as JSON", 400, $"apiVersion: {kind.ApiVersion}\nkind: {kind.Kind}\nmetadata:\n  name: {kind.Fresh}\n");
        yield return Post("YAML indented by a tab", 400, $"apiVersion: {kind.ApiVersion}\nkind: {kind.Kind}\nmetadata:\n\tname: {kind.Fresh}\n", "application/yaml");
        yield return Post("YAML with an unclosed flow mapping", 400, $"apiVersion: {kind.ApiVersion}\nkind: {kind.Kind}\nmetadata: {{name: {kind.Fresh}\n", "application/yaml");
        yield return Post("a YAML list", 400, "- a\n- b\n", "application/yaml");
        yield return new SweepCase($"create {kind.Kind}: protobuf garbage", HttpMethod.Post, path, 400,
            [.. "k8s\0"u8.ToArray(), 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x03], "application/vnd.kubernetes.protobuf");
        yield return new SweepCase($"create {kind.Kind}: protobuf without the magic prefix", HttpMethod.Post, path, 400,
            Encoding.UTF8.GetBytes(json), "application/vnd.kubernetes.protobuf");
        yield return Post("valid JSON as text/plain", 415, json, "text/plain");
        yield return Post("valid JSON without a content type", 415, json, contentType: null);
        yield return Post("valid JSON as application/xml", 415, json, "application/xml");
        yield return Post("valid JSON as a form", 415, json, "application/x-www-form-urlencoded");
        yield return Post("duplicate field under Strict", 400, json[..^1] + $",\"kind\":\"{kind.Kind}\"}}", query: "?fieldValidation=Strict");
        yield return Post("unknown field under Strict", 400, json[..^1] + ",\"bogus\":1}", query: "?fieldValidation=Strict");
    }

    private static IEnumerable<SweepCase> Identity(SweepTarget target, SweepKind kind)
    {
        SweepCase Post(string what, Action<JsonObject> change)
        {
            var manifest = kind.Manifest(target.Namespace, kind.Fresh);
            change(manifest);
            return SweepCase.WithText($"create {kind.Kind}: {what}", HttpMethod.Post, kind.Collection(target.Namespace), 400, manifest.ToJsonString());
        }

        yield return Post("namespace in the body differs from the path", m => m["metadata"]!["namespace"] = target.Other);
        yield return Post("apiVersion of another group", m => m["apiVersion"] = "example.com/v1");
        yield return Post("apiVersion v2", m => m["apiVersion"] = kind.ApiVersion == "v1" ? "v2" : "apps/v2");
        yield return Post("another kind", m => m["kind"] = kind.Kind == "ConfigMap" ? "Secret" : "ConfigMap");
        yield return Post("lower-case kind", m => m["kind"] = kind.Kind.ToLowerInvariant());
    }
}
