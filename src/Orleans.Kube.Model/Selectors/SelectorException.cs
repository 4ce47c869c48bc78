namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// A label or field selector that kube-apiserver would refuse to parse. The message is worded like
/// apimachinery's parser errors because kubectl prints it verbatim after "Error from server (BadRequest):".
/// </summary>
public sealed class SelectorException(string message) : Exception(message);
