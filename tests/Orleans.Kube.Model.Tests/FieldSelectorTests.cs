using System.Text.Json.Nodes;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Model.Tests;

public sealed class FieldSelectorTests
{
    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"kind":"Pod","metadata":{"name":"web-1","namespace":"default"},
         "spec":{"nodeName":"n1","restartPolicy":"Always"},"status":{"phase":"Running","podIP":"10.0.0.5"}}
        """)!.AsObject();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Blank_text_selects_everything(string? text)
    {
        var selector = FieldSelector.Parse(text);

        Assert.Empty(selector.Requirements);
        Assert.True(selector.Matches(Pod));
    }

    [Fact]
    public void Terms_parse_into_sorted_requirements_with_double_equals_read_as_equals()
    {
        var selector = FieldSelector.Parse("status.phase!=Running,metadata.name=x,spec.nodeName==n1");

        Assert.Equal(
            new (string, string, string)[] { ("metadata.name", "=", "x"), ("spec.nodeName", "=", "n1"), ("status.phase", "!=", "Running") },
            selector.Requirements);
    }

    [Theory]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name=other", false)]
    [InlineData("metadata.namespace=default", true)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("status.phase!=Pending", true)]
    [InlineData("spec.nodeName=n1,status.phase=Running", true)]
    [InlineData("spec.nodeName=n1,status.phase=Failed", false)]
    [InlineData("status.podIP=10.0.0.5", true)]
    public void Dotted_paths_are_resolved_against_the_object(string text, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(text).Matches(Pod));
    }

    [Fact]
    public void A_missing_field_reads_as_the_empty_string()
    {
        Assert.True(FieldSelector.Parse("spec.schedulerName=").Matches(Pod));
        Assert.True(FieldSelector.Parse("spec.schedulerName!=x").Matches(Pod));
        Assert.False(FieldSelector.Parse("spec.schedulerName=x").Matches(Pod));
    }

    [Fact]
    public void Known_bool_fields_read_as_false_when_omitted()
    {
        var node = JsonNode.Parse("""{"kind":"Node","metadata":{"name":"n1"},"spec":{}}""")!.AsObject();
        var cordoned = JsonNode.Parse("""{"kind":"Node","metadata":{"name":"n2"},"spec":{"unschedulable":true}}""")!.AsObject();

        Assert.True(FieldSelector.Parse("spec.unschedulable=false").Matches(node));
        Assert.True(FieldSelector.Parse("spec.unschedulable=true").Matches(cordoned));
    }

    [Fact]
    public void Event_fields_include_involved_object_and_source()
    {
        var ev = JsonNode.Parse("""
            {"kind":"Event","metadata":{"name":"e","namespace":"default"},
             "involvedObject":{"kind":"Pod","name":"web-1"},"reason":"Started","type":"Normal","source":{"component":"kubelet"}}
            """)!.AsObject();

        Assert.True(FieldSelector.Parse("involvedObject.name=web-1,involvedObject.kind=Pod,type=Normal").Matches(ev));
        Assert.True(FieldSelector.Parse("source=kubelet").Matches(ev));
        Assert.False(FieldSelector.Parse("involvedObject.name=web-2").Matches(ev));
    }

    [Fact]
    public void Escaped_commas_and_equals_belong_to_the_value()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c");

        Assert.Equal(new (string, string, string)[] { ("metadata.name", "=", "a,b=c") }, selector.Requirements);
    }

    [Fact]
    public void ToString_escapes_values_so_the_text_parses_back_to_the_same_terms()
    {
        var selector = FieldSelector.Parse(@"spec.nodeName!=n1,metadata.name=a\,b");

        Assert.Equal(@"metadata.name=a\,b,spec.nodeName!=n1", selector.ToString());
        Assert.Equal(selector.Requirements, FieldSelector.Parse(selector.ToString()).Requirements);
    }

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    [InlineData(@"a=b\x", @"invalid escape sequence: \x")]
    [InlineData(@"a=b\", @"invalid escape sequence: \")]
    public void Malformed_selectors_fail_with_kubes_messages(string text, string message)
    {
        var error = Assert.Throws<SelectorException>(() => FieldSelector.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Empty_terms_between_commas_are_skipped()
    {
        Assert.Single(FieldSelector.Parse("metadata.name=x,,").Requirements);
    }
}
