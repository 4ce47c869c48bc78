namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// PATCH with unsupported media types (415), bodies that do not decode as the patch type (400),
/// JSON patches that do not apply (422), results that do not decode into the kind (422), identity
/// changes (400), stale preconditions (409) and broken apply bodies (400).
/// </summary>
public static class PatchCases
{
    private const string Merge = "application/merge-patch+json";
    private const string Strategic = "application/strategic-merge-patch+json";
    private const string JsonPatch = "application/json-patch+json";
    private const string Apply = "application/apply-patch+yaml";
    private const string LabelChange = """{"metadata":{"labels":{"changed":"yes"}}}""";

    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        foreach (var kind in SweepKind.All)
        {
            var seeded = kind.Item(ns, kind.Seeded);
            SweepCase Patch(string what, int expected, string body, string? contentType, string query = "") =>
                SweepCase.WithText($"patch {kind.Kind}: {what}", HttpMethod.Patch, seeded + query, expected, body, contentType);

            yield return Patch("as text/plain", 415, LabelChange, "text/plain");
            yield return Patch("as plain application/json", 415, LabelChange, SweepCase.Json);
            yield return Patch("without a content type", 415, LabelChange, null);
            yield return Patch("as application/xml", 415, LabelChange, "application/xml");
            yield return Patch("malformed merge patch", 400, """{"metadata":""", Merge);
            yield return Patch("empty merge patch", 400, "", Merge);
            yield return Patch("malformed strategic merge patch", 400, """{"metadata":{"labels":""", Strategic);
            yield return Patch("strategic merge patch that is a list", 400, "[1,2]", Strategic);
            yield return Patch("malformed JSON patch", 400, """[{"op":"add",""", JsonPatch);
            yield return Patch("JSON patch that is an object", 400, LabelChange, JsonPatch);
            yield return Patch("JSON patch with an unknown op", 422, """[{"op":"frobnicate","path":"/metadata/labels/x","value":"y"}]""", JsonPatch);
            yield return Patch("JSON patch whose test fails", 422,
                """[{"op":"test","path":"/metadata/name","value":"other"},{"op":"add","path":"/metadata/labels/changed","value":"yes"}]""", JsonPatch);
            yield return Patch("JSON patch removing a missing path", 422, """[{"op":"remove","path":"/metadata/labels/nope"}]""", JsonPatch);
            yield return Patch("JSON patch with a relative path", 422, """[{"op":"add","path":"metadata/labels/x","value":"y"}]""", JsonPatch);
            yield return Patch("JSON patch past the end of a list", 422, """[{"op":"replace","path":"/metadata/finalizers/5","value":"x"}]""", JsonPatch);
            yield return Patch("merge patch giving labels a list", 422, """{"metadata":{"labels":["a"]}}""", Merge);
            yield return Patch("strategic patch giving labels a number", 422, """{"metadata":{"labels":{"a":1}}}""", Strategic);
            yield return Patch("JSON patch making metadata a string", 422, """[{"op":"replace","path":"/metadata","value":"x"}]""", JsonPatch);
            yield return Patch("merge patch renaming", 400, """{"metadata":{"name":"renamed-TOKEN"}}""".Replace("TOKEN", target.Token), Merge);
            yield return Patch("merge patch moving namespace", 400, """{"metadata":{"namespace":"OTHER","labels":{"changed":"yes"}}}""".Replace("OTHER", target.Other), Merge);
            yield return Patch("merge patch with a stale resourceVersion", 409, """{"metadata":{"resourceVersion":"1","labels":{"changed":"yes"}}}""", Merge);
            yield return Patch("merge patch with another uid", 422, """{"metadata":{"uid":"00000000-0000-0000-0000-000000000000","labels":{"changed":"yes"}}}""", Merge);
            yield return Patch("merge patch with an invalid label", 422, """{"metadata":{"labels":{"changed":"LONG"}}}""".Replace("LONG", new string('x', 64)), Merge);
            yield return Patch("apply with broken YAML", 400, "metadata: {name: x\n", Apply, "?fieldManager=sweep");
            yield return Patch("apply of another kind", 400,
                $"apiVersion: v1\nkind: {(kind.Kind == "ConfigMap" ? "Secret" : "ConfigMap")}\nmetadata:\n  name: {kind.Seeded}\n", Apply, "?fieldManager=sweep");
            yield return Patch("apply without apiVersion and kind", 400, $"metadata:\n  name: {kind.Seeded}\n  labels:\n    changed: \"yes\"\n", Apply, "?fieldManager=sweep");
        }

        var deployment = SweepKind.Deployment.Item(ns, SweepKind.Deployment.Seeded);
        yield return SweepCase.WithText("patch scale to -1 replicas", HttpMethod.Patch, $"{deployment}/scale", 422, """{"spec":{"replicas":-1}}""", Merge);
        yield return SweepCase.WithText("patch scale to \"two\" replicas", HttpMethod.Patch, $"{deployment}/scale", 422, """{"spec":{"replicas":"two"}}""", Merge);
        yield return SweepCase.WithText("malformed scale patch", HttpMethod.Patch, $"{deployment}/scale", 400, """{"spec":""", Merge);
        yield return SweepCase.WithText("scale patch as text/plain", HttpMethod.Patch, $"{deployment}/scale", 415, """{"spec":{"replicas":1}}""", "text/plain");
        var pod = SweepKind.Pod.Item(ns, SweepKind.Pod.Seeded);
        yield return SweepCase.WithText("malformed status patch", HttpMethod.Patch, $"{pod}/status", 400, """{"status":""", Merge);
        yield return SweepCase.WithText("status patch as text/plain", HttpMethod.Patch, $"{pod}/status", 415, """{"status":{}}""", "text/plain");
    }
}
