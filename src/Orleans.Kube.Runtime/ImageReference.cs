namespace Orleans.Kube.Runtime;

/// <summary>
/// Splits "registry:port/repo:tag@digest" so a pull never asks for every tag of a repository
/// (the Engine pulls all tags when the tag is empty).
/// </summary>
internal sealed record ImageReference(string Repository, string Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        string? digest = null;
        var name = image;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
        }

        // A ':' after the last '/' is a tag; one before it belongs to a registry host:port.
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            return new ImageReference(name[..colon], name[(colon + 1)..], digest);
        }

        return new ImageReference(name, "latest", digest);
    }

    /// <summary>What the Engine's pull endpoint wants as "tag": the digest when pinned, else the tag.</summary>
    public string PullTag => Digest ?? Tag;
}
