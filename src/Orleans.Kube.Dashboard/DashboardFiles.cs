using System.Reflection;
using System.Security.Cryptography;

namespace Orleans.Kube.Dashboard;

/// <summary>One static file of the dashboard, read once from the assembly's embedded resources.</summary>
public sealed record DashboardFile(byte[] Content, string ContentType, string ETag);

/// <summary>The dashboard's files by path under /ui/ (e.g. "index.html", "js/api.js").</summary>
public static class DashboardFiles
{
    private const string Prefix = "ui/";

    private static readonly Lazy<IReadOnlyDictionary<string, DashboardFile>> All = new(Load);

    public static DashboardFile? Find(string path) => All.Value.GetValueOrDefault(path);

    public static IEnumerable<string> Paths => All.Value.Keys;

    private static IReadOnlyDictionary<string, DashboardFile> Load()
    {
        var assembly = typeof(DashboardFiles).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var content = Read(assembly, name);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            files[name[Prefix.Length..].Replace('\\', '/')] = new DashboardFile(content, ContentTypeOf(name), etag);
        }
        return files;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
