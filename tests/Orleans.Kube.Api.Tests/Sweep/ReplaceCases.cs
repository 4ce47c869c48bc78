using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// PUT with a resourceVersion or uid that does not match (409), with a name, namespace or kind that
/// does not match the URL (400), and bad bodies for the scale and status subresources. Each body
/// also changes a label, so a PUT wrongly accepted is a visible change.
/// </summary>
public static class ReplaceCases
{
    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        foreach (var kind in SweepKind.All)
        {
            SweepCase Put(string what, int expected, Action<JsonObject> change)
            {
                var manifest = kind.Manifest(ns, kind.Seeded);
                manifest["metadata"]!["labels"]!["changed"] = "yes";
                change(manifest);
                return SweepCase.WithText($"replace {kind.Kind}: {what}", HttpMethod.Put, kind.Item(ns, kind.Seeded), expected, manifest.ToJsonString());
            }

            yield return Put("stale resourceVersion", 409, m => m["metadata"]!["resourceVersion"] = "1");
            yield return Put("future resourceVersion", 409, m => m["metadata"]!["resourceVersion"] = "999999999999");
            yield return Put("non-numeric resourceVersion", 409, m => m["metadata"]!["resourceVersion"] = "abc");
            yield return Put("another uid", 409, m => m["metadata"]!["uid"] = "00000000-0000-0000-0000-000000000000");
            yield return Put("another name", 400, m => m["metadata"]!["name"] = $"renamed-{target.Token}");
            yield return Put("another namespace", 400, m => m["metadata"]!["namespace"] = target.Other);
            yield return Put("another kind", 400, m => m["kind"] = kind.Kind == "ConfigMap" ? "Secret" : "ConfigMap");
            yield return Put("another apiVersion", 400, m => m["apiVersion"] = "example.com/v1");
            yield return SweepCase.WithText($"replace {kind.Kind}: truncated JSON", HttpMethod.Put, kind.Item(ns, kind.Seeded), 400, """{"apiVersion":""");
            yield return SweepCase.WithText($"replace {kind.Kind}: valid JSON as text/plain", HttpMethod.Put, kind.Item(ns, kind.Seeded), 415,
                kind.Manifest(ns, kind.Seeded).ToJsonString(), "text/plain");
        }

        var deployment = SweepKind.Deployment.Item(ns, SweepKind.Deployment.Seeded);
        SweepCase Scale(string what, int expected, string body) =>
            SweepCase.WithText($"replace scale: {what}", HttpMethod.Put, $"{deployment}/scale", expected, body);
        yield return Scale("replicas as a string", 400, """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"seeded-deployment"},"spec":{"replicas":"two"}}""");
        yield return Scale("negative replicas", 422, """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"seeded-deployment"},"spec":{"replicas":-1}}""");
        yield return Scale("truncated JSON", 400, """{"spec":""");
        yield return Scale("stale resourceVersion", 409, """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"seeded-deployment","resourceVersion":"1"},"spec":{"replicas":2}}""");
        yield return Scale("another name", 400, """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"other"},"spec":{"replicas":2}}""");

        var pod = SweepKind.Pod.Item(ns, SweepKind.Pod.Seeded);
        yield return SweepCase.WithText("replace pod status: truncated JSON", HttpMethod.Put, $"{pod}/status", 400, """{"status":""");
        yield return SweepCase.WithText("replace pod status: another kind", HttpMethod.Put, $"{pod}/status", 400,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seeded-pod"},"status":{"phase":"Running"}}""");
        yield return SweepCase.WithText("replace pod status: stale resourceVersion", HttpMethod.Put, $"{pod}/status", 409,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"seeded-pod","resourceVersion":"1"},"status":{"phase":"Running"}}""");
        yield return SweepCase.WithText("replace pod status: phase as a number", HttpMethod.Put, $"{pod}/status", 400,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"seeded-pod"},"status":{"phase":7}}""");
    }
}
