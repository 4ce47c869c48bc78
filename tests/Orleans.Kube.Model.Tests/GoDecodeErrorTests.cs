using System.Text.Json;
using k8s;
using k8s.Models;

namespace Orleans.Kube.Model.Tests;

/// <summary>A body value of the wrong type is described as Go's encoding/json describes it.</summary>
public sealed class GoDecodeErrorTests
{
    private static string? Describe<T>(string body)
    {
        var error = Assert.ThrowsAny<JsonException>(() => KubernetesJson.Deserialize<T>(body));
        return GoDecodeError.Describe(error, typeof(T), body);
    }

    [Fact]
    public void AStringForAnInt32()
    {
        Assert.Equal("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            Describe<V1Deployment>("""{"spec":{"replicas":"three"}}"""));
    }

    [Fact]
    public void AFieldInsideAListNamesThePathWithoutIndices()
    {
        Assert.Equal("json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
            Describe<V1Pod>("""{"spec":{"containers":[{"name":"c","ports":[{"containerPort":"http"}]}]}}"""));
    }

    [Fact]
    public void ANumberForAStringMapValue()
    {
        Assert.Equal("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            Describe<V1ConfigMap>("""{"metadata":{"labels":{"a":1}}}"""));
    }
}
