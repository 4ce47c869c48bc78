namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>Unknown resources, groups and versions, missing objects and namespaces, and verbs a path does not take.</summary>
public static class PathCases
{
    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        var configMap = SweepKind.ConfigMap.Manifest(ns, SweepKind.ConfigMap.Fresh).ToJsonString();
        var deployment = SweepKind.Deployment.Manifest(ns, SweepKind.Deployment.Fresh).ToJsonString();
        var pod = SweepKind.Pod.Item(ns, SweepKind.Pod.Seeded);

        yield return Get("unknown resource", $"/api/v1/namespaces/{ns}/widgets");
        yield return SweepCase.WithText("create an unknown resource", HttpMethod.Post, $"/api/v1/namespaces/{ns}/widgets", 404, configMap);
        yield return Get("unknown version of a group", $"/apis/apps/v2/namespaces/{ns}/deployments");
        yield return Get("retired version of a group", $"/apis/extensions/v1beta1/namespaces/{ns}/deployments");
        yield return Get("unknown group", $"/apis/example.com/v1/namespaces/{ns}/widgets");
        yield return Get("unknown core version", $"/api/v2/namespaces/{ns}/pods");
        yield return Get("unknown group discovery", "/apis/example.com");
        yield return Get("unknown group-version discovery", "/apis/apps/v9");
        yield return SweepCase.WithText("create a core kind under apps", HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/configmaps", 404, configMap);
        yield return SweepCase.WithText("create an apps kind under core", HttpMethod.Post, $"/api/v1/namespaces/{ns}/deployments", 404, deployment);
        yield return SweepCase.WithText("create a cluster-scoped kind in a namespace", HttpMethod.Post, $"/api/v1/namespaces/{ns}/namespaces", 404,
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nested-TOKEN"}}""".Replace("TOKEN", target.Token));
        yield return Get("unknown subresource", $"{pod}/bogus");
        yield return Get("status of a kind without status", $"{SweepKind.ConfigMap.Item(ns, SweepKind.ConfigMap.Seeded)}/status");
        yield return Get("scale of a kind without scale", $"{SweepKind.ConfigMap.Item(ns, SweepKind.ConfigMap.Seeded)}/scale");
        yield return Get("path below a subresource", $"{pod}/status/extra");
        yield return Get("object in a missing namespace", $"/api/v1/namespaces/{target.Missing}/configmaps/x");
        yield return Get("scale in a missing namespace", $"/apis/apps/v1/namespaces/{target.Missing}/deployments/x/scale");
        yield return new SweepCase("delete a missing namespace", HttpMethod.Delete, $"/api/v1/namespaces/{target.Missing}", 404);

        foreach (var kind in SweepKind.All)
        {
            var missing = kind.Item(ns, $"missing-{target.Token}");
            var manifest = kind.Manifest(ns, $"missing-{target.Token}").ToJsonString();
            yield return Get($"get a missing {kind.Kind}", missing);
            yield return SweepCase.WithText($"replace a missing {kind.Kind}", HttpMethod.Put, missing, 404, manifest);
            yield return SweepCase.WithText($"patch a missing {kind.Kind}", HttpMethod.Patch, missing, 404, """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
            yield return new SweepCase($"delete a missing {kind.Kind}", HttpMethod.Delete, missing, 404);
            yield return SweepCase.WithText($"create a {kind.Kind} in a missing namespace", HttpMethod.Post, kind.Collection(target.Missing), 404,
                kind.Manifest(target.Missing, kind.Fresh).ToJsonString());

            // Verbs the path does not serve.
            var fresh = kind.Manifest(ns, kind.Fresh).ToJsonString();
            var seeded = kind.Item(ns, kind.Seeded);
            yield return SweepCase.WithText($"replace the {kind.Plural} collection", HttpMethod.Put, kind.Collection(ns), 405, fresh);
            yield return SweepCase.WithText($"patch the {kind.Plural} collection", HttpMethod.Patch, kind.Collection(ns), 405, """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
            yield return SweepCase.WithText($"create onto a named {kind.Kind}", HttpMethod.Post, seeded, 405, fresh);
            yield return new SweepCase($"verb FROB on a {kind.Kind}", new HttpMethod("FROB"), seeded, 405);
        }

        yield return new SweepCase("delete a pod's log", HttpMethod.Delete, $"{pod}/log", 405);
        yield return SweepCase.WithText("replace a pod's log", HttpMethod.Put, $"{pod}/log", 405, "{}");
        yield return SweepCase.WithText("create onto a deployment's scale", HttpMethod.Post,
            $"{SweepKind.Deployment.Item(ns, SweepKind.Deployment.Seeded)}/scale", 405, """{"spec":{"replicas":1}}""");
        yield return Get("log of a container the pod lacks", $"{pod}/log?container=nope", 400);
    }

    private static SweepCase Get(string name, string path, int expected = 404) => new(name, HttpMethod.Get, path, expected);
}
