namespace Orleans.Kube.Api.Security;

/// <summary>File options that create a file readable by its owner only (0600).</summary>
internal static class PrivateFile
{
    public static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }
}
