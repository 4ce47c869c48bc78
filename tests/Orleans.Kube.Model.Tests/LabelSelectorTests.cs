using System.Text.Json.Nodes;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Model.Tests;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "frontend", ["rank"] = "5" };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_text_selects_everything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        Assert.True(selector.IsEverything);
        Assert.True(selector.Matches(Web));
        Assert.Equal("", selector.ToString());
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app=api", false)]
    [InlineData("app==web", true)]
    [InlineData("app==api", false)]
    [InlineData("app!=api", true)]
    [InlineData("app!=web", false)]
    [InlineData("missing!=x", true)]
    [InlineData("tier in (frontend,backend)", true)]
    [InlineData("tier in (backend)", false)]
    [InlineData("missing in (x)", false)]
    [InlineData("tier notin (backend)", true)]
    [InlineData("tier notin (frontend)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("rank>4", true)]
    [InlineData("rank>5", false)]
    [InlineData("rank<6", true)]
    [InlineData("rank<5", false)]
    [InlineData("app>1", false)]
    [InlineData("app=web,tier in (frontend),!legacy", true)]
    [InlineData("app=web,tier=backend", false)]
    public void Each_operator_matches_like_kube(string text, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).Matches(Web));
    }

    [Fact]
    public void Whitespace_around_tokens_is_ignored()
    {
        var selector = LabelSelector.Parse("  app = web ,\ttier  in ( frontend , backend ) , ! legacy ");

        Assert.True(selector.Matches(Web));
        Assert.Equal("app=web,!legacy,tier in (backend,frontend)", selector.ToString());
    }

    [Fact]
    public void ToString_is_canonical_with_requirements_sorted_by_key_and_values_sorted()
    {
        var selector = LabelSelector.Parse("z notin (b,a),a==1,m!=2,k in (y,x),!gone,has,n>3");

        Assert.Equal("a==1,!gone,has,k in (x,y),m!=2,n>3,z notin (a,b)", selector.ToString());
    }

    [Fact]
    public void Keywords_in_value_position_are_plain_values()
    {
        var selector = LabelSelector.Parse("mode in (in,notin)");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["mode"] = "notin" }));
    }

    [Fact]
    public void Empty_parentheses_and_missing_exact_value_mean_the_empty_value()
    {
        Assert.True(LabelSelector.Parse("a in ()").Matches(new Dictionary<string, string> { ["a"] = "" }));
        Assert.True(LabelSelector.Parse("a=").Matches(new Dictionary<string, string> { ["a"] = "" }));
        Assert.True(LabelSelector.Parse("a in (x,)").Matches(new Dictionary<string, string> { ["a"] = "" }));
    }

    [Fact]
    public void Prefixed_keys_are_accepted()
    {
        var selector = LabelSelector.Parse("app.kubernetes.io/name=web");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web" }));
    }

    [Theory]
    [InlineData("a in (", "unable to parse requirement: found '', expected: ',', ')' or identifier")]
    [InlineData("a in (x", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("a in x", "unable to parse requirement: found 'x' expected: '('")]
    [InlineData("=b", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("a=b=c", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a=b,", "found '', expected: identifier after ','")]
    [InlineData("a=b,,c", "found ',', expected: identifier after ','")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a=(b)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    public void Malformed_selectors_fail_with_kubes_messages(string text, string message)
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_invalid_key_is_reported_with_the_nil_path_kube_prints()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("a/b/c=d"));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
            "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            error.Message);
    }

    [Fact]
    public void An_invalid_value_is_reported_on_its_indexed_path()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("a=b@c"));

        Assert.StartsWith("unable to parse requirement: values[0][a]: Invalid value: \"b@c\": a valid label must be an empty string", error.Message);
    }

    [Fact]
    public void An_ordering_operator_needs_an_integer()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("a>x"));

        Assert.Equal("unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer", error.Message);
    }

    [Fact]
    public void Matching_an_object_reads_its_metadata_labels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","labels":{"app":"web"}}}""")!.AsObject();
        var bare = JsonNode.Parse("""{"metadata":{"name":"q"}}""")!.AsObject();

        Assert.True(LabelSelector.Parse("app=web").Matches(pod));
        Assert.False(LabelSelector.Parse("app=web").Matches(bare));
        Assert.True(LabelSelector.Parse("!app").Matches(bare));
    }

    [Fact]
    public void Null_labels_match_only_negative_requirements()
    {
        Assert.True(LabelSelector.Parse("!a,b!=c,d notin (e)").Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.False(LabelSelector.Parse("a").Matches((IReadOnlyDictionary<string, string>?)null));
    }

    [Fact]
    public void A_metav1_selector_combines_match_labels_and_every_expression_operator()
    {
        var selector = LabelSelector.FromLabelSelector(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},
             "matchExpressions":[
               {"key":"tier","operator":"In","values":["frontend","edge"]},
               {"key":"env","operator":"NotIn","values":["prod"]},
               {"key":"rank","operator":"Exists"},
               {"key":"legacy","operator":"DoesNotExist"}]}
            """));

        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["legacy"] = "1" }));
        Assert.Equal("app=web,env notin (prod),!legacy,rank,tier in (edge,frontend)", selector.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"matchLabels":{},"matchExpressions":[]}""")]
    public void A_missing_or_empty_metav1_selector_selects_everything(string? json)
    {
        var selector = LabelSelector.FromLabelSelector(json is null ? null : JsonNode.Parse(json));

        Assert.True(selector.IsEverything);
    }

    [Fact]
    public void A_metav1_selector_with_an_unknown_operator_is_refused()
    {
        var error = Assert.Throws<SelectorException>(() =>
            LabelSelector.FromLabelSelector(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Like","values":["x"]}]}""")));

        Assert.Equal("\"Like\" is not a valid label selector operator", error.Message);
    }

    [Fact]
    public void A_metav1_in_expression_without_values_is_refused()
    {
        var error = Assert.Throws<SelectorException>(() =>
            LabelSelector.FromLabelSelector(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"In"}]}""")));

        Assert.Equal("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty", error.Message);
    }

    [Fact]
    public void A_plain_map_selector_requires_every_entry()
    {
        var selector = LabelSelector.FromSet(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend" });

        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web" }));
        Assert.Equal("app=web,tier=frontend", selector.ToString());
    }
}
