using System.Runtime.InteropServices;

namespace Orleans.Kube.Api;

/// <summary>
/// The /version document. The minor version is what kubectl's dispatcher uses to pick its own
/// version, and python-kubernetes rejects a document missing any of these fields.
/// </summary>
public sealed record ServerVersion(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState,
    string BuildDate, string GoVersion, string Compiler, string Platform)
{
    public static readonly ServerVersion Current = new(
        Major: "1",
        Minor: "32",
        GitVersion: "v1.32.0-okube",
        GitCommit: ThisAssembly.Commit,
        GitTreeState: "clean",
        BuildDate: ThisAssembly.BuildDate,
        GoVersion: $"dotnet{Environment.Version}",
        Compiler: "roslyn",
        Platform: $"{(OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription)}/{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}");
}

internal static class ThisAssembly
{
    public const string Commit = "unknown";
    public static readonly string BuildDate = File.GetLastWriteTimeUtc(typeof(ThisAssembly).Assembly.Location).ToString("yyyy-MM-ddTHH:mm:ssZ");
}
