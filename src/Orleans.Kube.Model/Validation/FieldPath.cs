namespace Orleans.Kube.Model.Validation;

/// <summary>field.Path rendering: children joined by dots, list indexes and map keys in brackets.</summary>
internal static class FieldPath
{
    public static string Child(this string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(this string path, int index) => $"{path}[{index}]";

    public static string Key(this string path, string key) => $"{path}[{key}]";
}
