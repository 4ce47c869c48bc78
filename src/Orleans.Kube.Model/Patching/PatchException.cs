namespace Orleans.Kube.Model.Patching;

/// <summary>
/// A patch that cannot be applied: malformed, failing a <c>test</c> op, or addressing a missing path.
/// The API server turns this into a 4xx response, so the message is written for the kubectl user.
/// </summary>
public sealed class PatchException(string message) : Exception(message);
