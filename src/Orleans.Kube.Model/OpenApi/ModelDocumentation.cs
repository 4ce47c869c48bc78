using System.Xml;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>
/// The summaries of the KubernetesClient XML documentation file (shipped in its NuGet package next to the dll and
/// copied to our output by Orleans.Kube.Model.csproj): the package generates them from kube's field comments, so
/// they are the descriptions kube's OpenAPI documents carry. Keyed by member ("T:k8s.Models.V1Pod",
/// "P:k8s.Models.V1Pod.Spec"), whitespace collapsed to single spaces (kube's descriptions are unwrapped too).
/// </summary>
public sealed class ModelDocumentation
{
    public const string FileName = "KubernetesClient.xml";

    private readonly Dictionary<string, string> summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => this.summaries = summaries;

    public static ModelDocumentation Empty { get; } = new([]);

    /// <summary>The documentation next to the KubernetesClient assembly (or in the app's base directory); empty if missing.</summary>
    public static ModelDocumentation Load()
    {
        string?[] candidates =
        [
            Path.GetDirectoryName(typeof(k8s.Models.V1Pod).Assembly.Location) is { Length: > 0 } dir ? Path.Combine(dir, FileName) : null,
            Path.Combine(AppContext.BaseDirectory, FileName),
        ];
        return candidates.FirstOrDefault(File.Exists) is { } path ? Read(path) : Empty;
    }

    public static ModelDocumentation Read(string path)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = true });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name") ?? "";
            var inModels = name.Length > 2 && name.AsSpan(2).StartsWith("k8s.Models.", StringComparison.Ordinal);
            // The compiler writes a namespace's members together: past the models, the remaining two thirds of the
            // file (the client's operations) hold nothing we read (ModelSchemasTests checks every model is documented).
            if (!inModels && summaries.Count > 0)
                break;
            if (!inModels || name[0] is not ('T' or 'P'))
                continue;
            using var member = reader.ReadSubtree();
            if (member.ReadToFollowing("summary"))
                summaries[name] = Collapse(member.ReadElementContentAsString());
        }
        return new ModelDocumentation(summaries);
    }

    public string? Type(Type type) => summaries.GetValueOrDefault("T:" + type.FullName);

    public string? Property(Type declaringType, string propertyName) =>
        summaries.GetValueOrDefault($"P:{declaringType.FullName}.{propertyName}");

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
