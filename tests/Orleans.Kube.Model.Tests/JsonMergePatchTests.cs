using System.Text.Json.Nodes;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model.Tests;

public sealed class JsonMergePatchTests
{
    // RFC 7386 Appendix A, verbatim.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void RfcAppendixExamplesProduceTheDocumentedResult(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        AssertJson(expected, result);
    }

    [Fact]
    public void MissingTargetIsTreatedAsAnEmptyObject()
    {
        var result = JsonMergePatch.Apply(null, JsonNode.Parse("""{"a":{"b":1,"c":null}}"""));

        AssertJson("""{"a":{"b":1}}""", result);
    }

    [Fact]
    public void LabelSetToNullIsRemovedAndOthersAreKept()
    {
        var target = JsonNode.Parse("""{"metadata":{"name":"web","labels":{"app":"web","tier":"front"}}}""");
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"tier":null,"env":"prod"}}}""");

        var result = JsonMergePatch.Apply(target, patch);

        AssertJson("""{"metadata":{"name":"web","labels":{"app":"web","env":"prod"}}}""", result);
    }

    [Fact]
    public void ListsAreReplacedNotMerged()
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""");
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"c"}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"c"}]}}""", JsonMergePatch.Apply(target, patch));
    }

    [Fact]
    public void InputsAreNotMutated()
    {
        var target = JsonNode.Parse("""{"a":{"b":1,"c":[1,2]},"d":"x"}""")!;
        var patch = JsonNode.Parse("""{"a":{"b":null,"c":[3],"e":{"f":1}},"d":null}""")!;
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = JsonMergePatch.Apply(target, patch)!;
        result["a"]!["e"]!["f"] = 2;

        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }
}
