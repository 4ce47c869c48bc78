using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>Reflection over the KubernetesClient model classes: their JSON fields and the model types they reach.</summary>
public static class ModelTypes
{
    /// <summary>A generated model class (an object with JSON fields), as opposed to a primitive or a string-like value type.</summary>
    public static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type.IsClass && !IsStringLike(type);

    /// <summary>IntOrString and Quantity: named definitions that are strings on the wire.</summary>
    public static bool IsStringLike(Type type) => type == typeof(IntOrString) || type == typeof(ResourceQuantity);

    /// <summary>A type kube's documents define once and refer to: a model class or a string-like value type.</summary>
    public static bool IsNamed(Type type) => IsModel(type) || IsStringLike(type);

    /// <summary>The element type of a list, or null.</summary>
    public static Type? ItemType(Type type) =>
        type.IsArray && type != typeof(byte[]) ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IList<>) || d == typeof(List<>) || d == typeof(IEnumerable<>) || d == typeof(ICollection<>))
            ? type.GetGenericArguments()[0]
            : null;

    /// <summary>The value type of a string-keyed map, or null.</summary>
    public static Type? MapValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    /// <summary>The JSON fields of a model class, in declaration order.</summary>
    public static IEnumerable<(string Name, PropertyInfo Property)> Fields(Type model) =>
        model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
            .Where(f => f.Name is not null)
            .Select(f => (f.Name!, f.Property));

    /// <summary>V1DeploymentList for V1Deployment, when the package has one.</summary>
    public static Type? ListOf(Type model) => model.Assembly.GetType($"{model.FullName}List");

    /// <summary>
    /// <paramref name="root"/> and every model class its fields reach, breadth first, leaving out the types in
    /// <paramref name="known"/> and what only they reach.
    /// </summary>
    public static IEnumerable<Type> Closure(Type root, IReadOnlySet<Type>? known = null)
    {
        var seen = new HashSet<Type>(known ?? new HashSet<Type>());
        var queue = new Queue<Type>([root]);
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type))
                continue;
            yield return type;
            if (!IsModel(type))
                continue;
            foreach (var (_, property) in Fields(type))
                if (Innermost(property.PropertyType) is var reached && IsNamed(reached))
                    queue.Enqueue(reached);
        }
    }

    /// <summary>The type inside any nullable, list and map wrappers.</summary>
    public static Type Innermost(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return ItemType(type) is { } item ? Innermost(item) : MapValueType(type) is { } value ? Innermost(value) : type;
    }
}
