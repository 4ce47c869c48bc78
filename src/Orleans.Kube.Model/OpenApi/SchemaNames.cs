using System.Text.RegularExpressions;
using k8s.Models;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>
/// The definition names kube's OpenAPI documents give model types ("io.k8s.api.apps.v1.DeploymentSpec"). The C#
/// class keeps the version and kind (V1DeploymentSpec) but not the Go package, so the package is the group of the
/// first served kind that reaches the type, core kinds first (PodSpec belongs to core even though Deployments
/// embed it); apimachinery's meta types and the two string-like value types have their own packages.
/// </summary>
public sealed partial class SchemaNames
{
    private const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";

    private static readonly HashSet<Type> MetaTypes =
    [
        typeof(V1ObjectMeta), typeof(V1ListMeta), typeof(V1LabelSelector), typeof(V1LabelSelectorRequirement),
        typeof(V1OwnerReference), typeof(V1ManagedFieldsEntry), typeof(V1Condition), typeof(V1Status),
        typeof(V1StatusDetails), typeof(V1StatusCause), typeof(V1DeleteOptions), typeof(V1Preconditions),
    ];

    // Core types no served core kind reaches, which other groups embed.
    private static readonly Type[] OtherCoreTypes = [typeof(V1PodTemplateSpec), typeof(V1TopologySelectorTerm)];

    private readonly Dictionary<Type, string> names = new()
    {
        [typeof(IntOrString)] = "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        [typeof(ResourceQuantity)] = "io.k8s.apimachinery.pkg.api.resource.Quantity",
    };

    public SchemaNames(IEnumerable<ResourceKind> kinds)
    {
        var ordered = kinds.OrderBy(k => k.Group.Length == 0 ? 0 : 1).ToList();
        var seeds = ordered.Where(k => k.Group.Length == 0).SelectMany(Roots).Select(t => (Type: t, Group: ""))
            .Concat(OtherCoreTypes.Select(t => (Type: t, Group: "")))
            .Concat(ordered.Where(k => k.Group.Length > 0).SelectMany(k => Roots(k).Select(t => (Type: t, k.Group))));
        // A type named already was reached with everything it reaches, so each walk skips those.
        var named = new HashSet<Type>();
        foreach (var (root, group) in seeds)
            foreach (var type in ModelTypes.Closure(root, named).ToList())
            {
                named.Add(type);
                names.TryAdd(type, Name(type, group));
            }
    }

    /// <summary>The kind's model type and its list type (V1Deployment, V1DeploymentList).</summary>
    public static IEnumerable<Type> Roots(ResourceKind kind) =>
        ModelTypes.ListOf(kind.ModelType) is { } list ? [kind.ModelType, list] : [kind.ModelType];

    public string Of(Type type) =>
        names.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type.Name} is not reachable from a served kind", nameof(type));

    private static string Name(Type type, string group)
    {
        if (MetaTypes.Contains(type))
            return $"{MetaPackage}.{Unversioned(type.Name)}";
        if (GroupQualified().Match(type.Name) is { Success: true } qualified)
            return $"io.k8s.api.{qualified.Groups["group"].Value.ToLowerInvariant()}.{qualified.Groups["version"].Value}.{qualified.Groups["kind"].Value}";
        var match = Versioned().Match(type.Name);
        var package = group.Length == 0 ? "core" : group.Split('.')[0];
        return match.Success
            ? $"io.k8s.api.{package}.{match.Groups["version"].Value.ToLowerInvariant()}.{match.Groups["kind"].Value}"
            : $"io.k8s.api.{package}.{type.Name}";
    }

    private static string Unversioned(string name) => Versioned().Match(name) is { Success: true } m ? m.Groups["kind"].Value : name;

    // V1DeploymentSpec, V2HorizontalPodAutoscaler, V1beta1Foo.
    [GeneratedRegex("^(?<version>V[0-9]+(?:(?:alpha|beta)[0-9]+)?)(?<kind>[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex Versioned();

    // Corev1Event, Discoveryv1EndpointPort: the package generator's names for kinds two groups share.
    [GeneratedRegex("^(?<group>[A-Z][a-z]+)(?<version>v[0-9]+(?:(?:alpha|beta)[0-9]+)?)(?<kind>[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex GroupQualified();
}
