namespace Orleans.Kube.Testing;

public static class RepoPaths
{
    /// <summary>The checkout root: the first parent of the test binaries holding Orleans.Kube.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever the tests themselves were built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string SiloAssembly => Path.Combine(Root, "silo", "Orleans.Kube.Silo", "bin", Configuration, "net10.0", "okube-silo.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Kube.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Orleans.Kube.sln not found above {AppContext.BaseDirectory}");
    }
}
