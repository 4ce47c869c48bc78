using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Tests;

public sealed class ResourceVersionSpliceTests
{
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"n"},"data":{"k":"v"}}""")]
    [InlineData("""{"metadata":{}}""")]
    [InlineData("""{ "metadata" : { "resourceVersion" : "17", "name" : "a" } }""")]
    [InlineData("""{"metadata":{"name":"a","resourceVersion":"17"},"kind":"Pod"}""")]
    [InlineData("""{"metadata":{"resourceVersion":{"odd":[1,2]},"name":"a"}}""")]
    // Nested metadata (a pod template's) comes first and must be left alone.
    [InlineData("""{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}},"metadata":{"name":"d","labels":{"x":"é ✓ \"q\""}}}""")]
    public void The_spliced_body_equals_the_parsed_one_with_its_version_set(string body)
    {
        var spliced = Splice(body, 1234567890123);
        Assert.NotNull(spliced);
        var expected = KubeJson.WithResourceVersion(body, 1234567890123);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(spliced)), spliced);
    }

    [Theory]
    [InlineData("""{"kind":"Pod"}""")]
    [InlineData("""{"metadata":"name"}""")]
    [InlineData("""[{"metadata":{}}]""")]
    public void A_body_without_a_metadata_object_is_refused_and_nothing_is_written(string body) =>
        Assert.Null(Splice(body, 5));

    private static string? Splice(string body, long revision)
    {
        var output = new ArrayBufferWriter<byte>();
        var written = ResourceVersionSplice.TryWrite(Encoding.UTF8.GetBytes(body), revision, output);
        Assert.Equal(written, output.WrittenCount > 0);
        return written ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
    }
}
