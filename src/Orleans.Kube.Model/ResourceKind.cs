using k8s;

namespace Orleans.Kube.Model;

/// <summary>Everything the API needs to know about one served resource type.</summary>
public sealed record ResourceKind(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    string[] ShortNames,
    string[] Categories,
    string[] Subresources,
    Type ModelType,
    Func<string, string> Canonicalize)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployments.apps" or "pods": the name kube uses in error messages and storage keys.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"Deployment.apps" or "Pod": the name kube uses in validation messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group.Split('.')[0]}";

    public bool HasStatus => Subresources.Contains("status");

    public static ResourceKind Of<TModel>(string group, string version, string kind, string plural, bool namespaced,
        string[]? shortNames = null, string[]? categories = null, string[]? subresources = null) =>
        new(group, version, kind, plural, kind.ToLowerInvariant(), namespaced, shortNames ?? [], categories ?? [],
            subresources ?? [],
            typeof(TModel),
            // A typed round trip through the official model drops unknown fields and normalises shapes.
            json => KubernetesJson.Serialize(KubernetesJson.Deserialize<TModel>(json)));
}
