using System.Text.Json.Nodes;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model.Tests;

public sealed class JsonPatchTests
{
    private const string Pod = """
        {"metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"containers":[{"name":"a","args":["x","y"]}]}}
        """;

    [Fact]
    public void AddCreatesAnObjectMember()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/metadata/labels/tier","value":"front"}]""");

        Assert.Equal("front", (string?)result!["metadata"]!["labels"]!["tier"]);
        Assert.Equal("web", (string?)result["metadata"]!["labels"]!["app"]);
    }

    [Fact]
    public void AddOverwritesAnExistingMember()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/metadata/labels/app","value":"api"}]""");

        Assert.Equal("api", (string?)result!["metadata"]!["labels"]!["app"]);
    }

    [Fact]
    public void AddInsertsIntoAnArrayAtTheIndex()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/spec/containers/0/args/1","value":"inserted"}]""");

        AssertJson("""["x","inserted","y"]""", result!["spec"]!["containers"]![0]!["args"]);
    }

    [Fact]
    public void DashAppendsToTheEndOfAnArray()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/spec/containers/-","value":{"name":"b"}}]""");

        AssertJson("""[{"name":"a","args":["x","y"]},{"name":"b"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void AddAtTheArrayLengthAppends()
    {
        var result = Apply("""{"a":[1,2]}""", """[{"op":"add","path":"/a/2","value":3}]""");

        AssertJson("""{"a":[1,2,3]}""", result);
    }

    [Fact]
    public void AddBeyondTheArrayEndFails()
    {
        var error = Assert.Throws<PatchException>(() => Apply("""{"a":[1,2]}""", """[{"op":"add","path":"/a/3","value":3}]"""));

        Assert.Contains("out of bounds", error.Message);
    }

    [Fact]
    public void AddUnderAMissingParentFails()
    {
        Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"add","path":"/status/phase","value":"Running"}]"""));
    }

    [Fact]
    public void AddAtTheRootReplacesTheWholeDocument()
    {
        var result = Apply(Pod, """[{"op":"add","path":"","value":{"fresh":true}}]""");

        AssertJson("""{"fresh":true}""", result);
    }

    [Fact]
    public void NullIsAValidValue()
    {
        var result = Apply("""{"a":1}""", """[{"op":"add","path":"/b","value":null}]""");

        AssertJson("""{"a":1,"b":null}""", result);
    }

    [Fact]
    public void RemoveDeletesAnObjectMember()
    {
        var result = Apply(Pod, """[{"op":"remove","path":"/metadata/labels/app"}]""");

        AssertJson("{}", result!["metadata"]!["labels"]);
    }

    [Fact]
    public void RemoveDeletesAnArrayElementAndShiftsTheRest()
    {
        var result = Apply("""{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/0"}]""");

        AssertJson("""{"a":[2,3]}""", result);
    }

    [Fact]
    public void RemoveOfAMissingPathFails()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"remove","path":"/metadata/annotations/x"}]"""));

        Assert.Contains("/metadata/annotations/x", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void RemoveOfAnOutOfRangeIndexFails()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":[1]}""", """[{"op":"remove","path":"/a/1"}]"""));
    }

    [Fact]
    public void ReplaceChangesAnExistingValue()
    {
        var result = Apply(Pod, """[{"op":"replace","path":"/spec/containers/0/args","value":["z"]}]""");

        AssertJson("""["z"]""", result!["spec"]!["containers"]![0]!["args"]);
    }

    [Fact]
    public void ReplaceOfAMissingMemberFails()
    {
        Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"replace","path":"/spec/replicas","value":3}]"""));
    }

    [Fact]
    public void MoveRelocatesAValue()
    {
        var result = Apply("""{"a":{"b":1},"c":{}}""", """[{"op":"move","from":"/a/b","path":"/c/d"}]""");

        AssertJson("""{"a":{},"c":{"d":1}}""", result);
    }

    [Fact]
    public void MoveWithinAnArrayReorders()
    {
        var result = Apply("""{"a":[1,2,3]}""", """[{"op":"move","from":"/a/0","path":"/a/-"}]""");

        AssertJson("""{"a":[2,3,1]}""", result);
    }

    [Fact]
    public void MoveIntoItsOwnChildFails()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]"""));
    }

    [Fact]
    public void MoveFromAMissingPathFails()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"op":"move","from":"/x","path":"/y"}]"""));
    }

    [Fact]
    public void CopyDuplicatesAValueIndependently()
    {
        var result = Apply("""{"a":{"b":[1]}}""", """
            [{"op":"copy","from":"/a","path":"/c"},
             {"op":"add","path":"/c/b/-","value":2}]
            """);

        AssertJson("""{"a":{"b":[1]},"c":{"b":[1,2]}}""", result);
    }

    [Fact]
    public void TestPassesWhenValuesAreEqual()
    {
        var result = Apply("""{"a":{"x":1,"y":[1,2]}}""", """
            [{"op":"test","path":"/a","value":{"y":[1,2],"x":1.0}},
             {"op":"replace","path":"/a/x","value":2}]
            """);

        AssertJson("""{"a":{"x":2,"y":[1,2]}}""", result);
    }

    [Fact]
    public void FailedTestAbortsThePatch()
    {
        var target = JsonNode.Parse(Pod)!;
        var before = target.ToJsonString();
        var patch = JsonNode.Parse("""
            [{"op":"replace","path":"/metadata/name","value":"changed"},
             {"op":"test","path":"/metadata/labels/app","value":"api"}]
            """)!;

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(target, patch));

        Assert.Contains("test failed", error.Message);
        Assert.Contains("operation 1", error.Message);
        Assert.Equal(before, target.ToJsonString());
    }

    [Fact]
    public void TestOfAMissingPathFails()
    {
        Assert.Throws<PatchException>(() => Apply("""{}""", """[{"op":"test","path":"/a","value":null}]"""));
    }

    [Fact]
    public void EscapedTokensAddressKeysContainingSlashAndTilde()
    {
        var result = Apply(
            """{"metadata":{"annotations":{"example.com/owner":"me","a~b":"1"}}}""",
            """
            [{"op":"replace","path":"/metadata/annotations/example.com~1owner","value":"you"},
             {"op":"remove","path":"/metadata/annotations/a~0b"},
             {"op":"add","path":"/metadata/annotations/~01","value":"tilde-one"}]
            """);

        AssertJson("""{"metadata":{"annotations":{"example.com/owner":"you","~1":"tilde-one"}}}""", result);
    }

    [Fact]
    public void InvalidEscapeIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"op":"remove","path":"/a~2"}]"""));
    }

    [Fact]
    public void PointerWithoutLeadingSlashIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"op":"remove","path":"a"}]"""));
    }

    [Fact]
    public void ArrayIndexWithLeadingZeroIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]"""));
    }

    [Fact]
    public void UnknownOperationIsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"op":"increment","path":"/a"}]"""));

        Assert.Contains("increment", error.Message);
    }

    [Fact]
    public void OperationWithoutValueIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"op":"add","path":"/b"}]"""));
    }

    [Fact]
    public void OperationWithoutOpIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """[{"path":"/a"}]"""));
    }

    [Fact]
    public void PatchThatIsNotAnArrayIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply("""{"a":1}""", """{"op":"remove","path":"/a"}"""));
    }

    [Fact]
    public void InputsAreNotMutated()
    {
        var target = JsonNode.Parse(Pod)!;
        var patch = JsonNode.Parse("""
            [{"op":"add","path":"/spec/containers/-","value":{"name":"b"}},
             {"op":"remove","path":"/metadata/labels"}]
            """)!;
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = JsonPatch.Apply(target, patch)!;
        result["spec"]!["containers"]![1]!["name"] = "renamed";

        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    private static JsonNode? Apply(string target, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)!);

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }
}
