using System.Reflection;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// Finds the grain of any API object from its resource kind, namespace and name. A kind with a controller
/// has its own grain interface, marked <see cref="ControllerOfAttribute"/>; every other kind is stored by
/// the one generic <see cref="IStoredObjectGrain"/>, keyed "{groupResource}|{namespace}/{name}".
/// </summary>
public static class ResourceGrains
{
    private const char KindSeparator = '|';

    /// <summary>The controller grain interfaces of this assembly, by the Kind they control.</summary>
    private static readonly Dictionary<string, Type> ControllerInterfaces = typeof(ResourceGrains).Assembly.GetTypes()
        .Where(t => t.IsInterface && t.GetCustomAttribute<ControllerOfAttribute>() is not null)
        .ToDictionary(t => t.GetCustomAttribute<ControllerOfAttribute>()!.Kind, StringComparer.Ordinal);

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>The namespace and name of a grain key (either form: a controller's or the generic grain's).</summary>
    public static (string Namespace, string Name) ParseKey(string key)
    {
        key = key[(key.IndexOf(KindSeparator) + 1)..];
        var slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>The kind a generic grain key names ("configmaps|default/web" is a ConfigMap).</summary>
    public static ResourceKind KindOfStoredKey(string key) =>
        ResourceKinds.ByGroupResource(key[..Math.Max(0, key.IndexOf(KindSeparator))])
            ?? throw new ArgumentException($"'{key}' does not name a served resource", nameof(key));

    /// <summary>True when <paramref name="kind"/> has a controller grain of its own.</summary>
    public static bool HasController(ResourceKind kind) => ControllerInterfaces.ContainsKey(kind.Kind);

    public static IResourceGrain For(this IGrainFactory grains, ResourceKind kind, string? ns, string name)
    {
        var key = Key(kind.Namespaced ? ns : null, name);
        return ControllerInterfaces.TryGetValue(kind.Kind, out var controller)
            ? (IResourceGrain)grains.GetGrain(controller, key)
            : grains.GetGrain<IStoredObjectGrain>($"{kind.GroupResource}{KindSeparator}{key}");
    }
}

/// <summary>Marks the grain interface of a kind whose objects are controlled (reconciled) by their grain.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class ControllerOfAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}
