namespace Orleans.Kube.Runtime;

/// <summary>
/// A container's console, from its spec's <c>stdin</c>, <c>stdinOnce</c> and <c>tty</c>: whether its stdin stays
/// open for an attach, is closed once the first attach session disconnects, and whether it runs on a terminal.
/// </summary>
public sealed record ContainerConsole(bool Stdin, bool StdinOnce, bool Tty)
{
    public static readonly ContainerConsole None = new(false, false, false);
}
