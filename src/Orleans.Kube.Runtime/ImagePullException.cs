namespace Orleans.Kube.Runtime;

/// <summary>
/// The image could not be made available. The message starts with the Kubernetes waiting reason:
/// exactly "ErrImageNeverPull" for policy Never, otherwise "ErrImagePull: detail"; the reason is the text before the first ':'.
/// </summary>
public sealed class ImagePullException(string image, string message) : Exception(message)
{
    public string Image { get; } = image;
}
