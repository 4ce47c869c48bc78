namespace Orleans.Kube.Grains.Abstractions;

/// <summary>What a node agent's kubelet endpoint answers: a body and its media type.</summary>
[GenerateSerializer, Immutable]
public sealed record KubeletAnswer([property: Id(0)] string ContentType, [property: Id(1)] string Body);
