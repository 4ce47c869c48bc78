namespace Orleans.Kube.Model.Printing;

/// <summary>One <c>meta.k8s.io/v1</c> TableColumnDefinition. Priority 0 shows always, 1 only with <c>-o wide</c>.</summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority);
