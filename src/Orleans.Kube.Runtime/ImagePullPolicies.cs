namespace Orleans.Kube.Runtime;

/// <summary>Kubernetes imagePullPolicy values accepted by <see cref="IContainerRuntime.EnsureImageAsync"/>.</summary>
public static class ImagePullPolicies
{
    public const string Always = "Always";
    public const string IfNotPresent = "IfNotPresent";
    public const string Never = "Never";

    /// <summary>
    /// Normalises a policy (case-insensitive). An empty policy gets the Kubernetes default: Always for an untagged or
    /// ":latest" image, IfNotPresent otherwise.
    /// </summary>
    public static string Resolve(string? pullPolicy, string image)
    {
        if (string.IsNullOrWhiteSpace(pullPolicy))
        {
            var reference = ImageReference.Parse(image);
            return reference.Digest is null && reference.Tag == "latest" ? Always : IfNotPresent;
        }

        foreach (var known in (ReadOnlySpan<string>)[Always, IfNotPresent, Never])
        {
            if (string.Equals(pullPolicy, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new ArgumentException($"unknown image pull policy \"{pullPolicy}\"", nameof(pullPolicy));
    }
}
