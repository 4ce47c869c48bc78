namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>Namespaces and nodes with bad names or bodies. Every name carries the token, so a wrong create shows as a change.</summary>
public static class ClusterScopedCases
{
    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var token = target.Token;
        SweepCase Namespace(string what, int expected, string body) =>
            SweepCase.WithText($"create namespace: {what}", HttpMethod.Post, "/api/v1/namespaces", expected, body);
        SweepCase Node(string what, int expected, string body) =>
            SweepCase.WithText($"create node: {what}", HttpMethod.Post, "/api/v1/nodes", expected, body);

        yield return Namespace("uppercase name", 422, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"Sweep-TOKEN"}}""".Replace("TOKEN", token));
        yield return Namespace("dotted name", 422, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sweep.TOKEN"}}""".Replace("TOKEN", token));
        yield return Namespace("name of 64 chars", 422, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sweep-TOKEN-PAD"}}""".Replace("TOKEN", token).Replace("PAD", new string('n', 49)));
        yield return Namespace("spec.finalizers as a string", 400, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sweep-ns-TOKEN"},"spec":{"finalizers":"kubernetes"}}""".Replace("TOKEN", token));
        yield return Namespace("kind Pod", 400, """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"sweep-ns-TOKEN"}}""".Replace("TOKEN", token));
        yield return Namespace("truncated JSON", 400, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sweep-ns-TOKEN" """.Replace("TOKEN", token));
        yield return SweepCase.WithText("replace namespace: another name", HttpMethod.Put, $"/api/v1/namespaces/{target.Other}", 400,
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"renamed-TOKEN","labels":{"changed":"yes"}}}""".Replace("TOKEN", token));
        yield return SweepCase.WithText("patch namespace: label value of 64 chars", HttpMethod.Patch, $"/api/v1/namespaces/{target.Other}", 422,
            """{"metadata":{"labels":{"changed":"LONG"}}}""".Replace("LONG", new string('x', 64)), "application/merge-patch+json");
        yield return Node("underscore in name", 422, """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node_TOKEN"}}""".Replace("TOKEN", token));
        yield return Node("capacity that is not a quantity", 400, """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-TOKEN"},"status":{"capacity":{"cpu":"lots"}}}""".Replace("TOKEN", token));
        yield return Node("taint without an effect", 422, """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-TOKEN"},"spec":{"taints":[{"key":"a"}]}}""".Replace("TOKEN", token));
    }
}
