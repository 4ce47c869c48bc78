namespace Orleans.Kube.Store;

/// <summary>
/// Where a silo's secret encryption key comes from: a base64 key in configuration, else a key
/// file, which is created with a fresh random key (mode 0600) on first start. Every silo of a
/// cluster must end up with the same key: give them the same file or value.
/// </summary>
public static class EncryptionKeySource
{
    public static byte[] Load(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
            return Decode(base64Key.Trim(), "Secrets:EncryptionKey");
        if (File.Exists(keyFile))
            return Decode(File.ReadAllText(keyFile).Trim(), keyFile);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var writer = new StreamWriter(keyFile, System.Text.Encoding.ASCII, options);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another silo on this host created it first: use theirs.
            return Decode(File.ReadAllText(keyFile).Trim(), keyFile);
        }
    }

    private static byte[] Decode(string text, string origin)
    {
        try
        {
            var key = Convert.FromBase64String(text);
            if (key.Length == 32)
                return key;
        }
        catch (FormatException)
        {
        }
        throw new FormatException($"the secret encryption key from {origin} is not 32 bytes of base64");
    }
}
