namespace Orleans.Kube.Runtime.Tests;

/// <summary>Docker tests share one fixture and run one at a time to keep the load on the daemon bounded.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker";
}
