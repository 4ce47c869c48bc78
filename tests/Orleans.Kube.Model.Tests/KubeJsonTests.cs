using System.Text.Json;

namespace Orleans.Kube.Model.Tests;

public sealed class KubeJsonTests
{
    [Theory]
    [InlineData("""{"kind":"ConfigMap","kind":"ConfigMap"}""")]
    [InlineData("""{"metadata":{"labels":{"a":"1","a":"2"}}}""")]
    public void A_duplicate_field_anywhere_fails_the_parse(string text)
    {
        Assert.Throws<JsonException>(() => KubeJson.ParseObject(text));
    }

    [Fact]
    public void Only_objects_parse()
    {
        Assert.Throws<JsonException>(() => KubeJson.ParseObject("[]"));
        Assert.Throws<JsonException>(() => KubeJson.ParseObject("null"));
    }
}
