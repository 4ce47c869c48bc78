using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeAffinityFilterTests
{
    private const string Mismatch = "node(s) didn't match Pod's node affinity/selector";
    private readonly NodeAffinityFilter filter = new();
    private static readonly NodeSnapshot Web = Node("web-1", labels: Labels(("zone", "a"), ("disk", "ssd"), ("cores", "8")));

    private static string Required(params string[] terms) =>
        """{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[""" + string.Join(",", terms) + "]}}";

    private static string Expression(string key, string op, params string[] values) =>
        $$"""{"matchExpressions":[{"key":"{{key}}","operator":"{{op}}"{{ValuesJson(values)}}""" + "}]}";

    private static string ValuesJson(string[] values) =>
        values.Length == 0 ? "" : $",\"values\":[{string.Join(",", values.Select(v => $"\"{v}\""))}]";

    private string? CheckAffinity(string affinity, NodeSnapshot? node = null) =>
        filter.Check(Pod(nodeAffinity: affinity), node ?? Web);

    [Fact]
    public void A_pod_without_selector_or_affinity_fits_any_node()
    {
        Assert.Null(filter.Check(Pod(), Web));
    }

    [Fact]
    public void The_node_selector_needs_every_label_with_an_equal_value()
    {
        Assert.Null(filter.Check(Pod(nodeSelector: Labels(("zone", "a"), ("disk", "ssd"))), Web));
        Assert.Equal(Mismatch, filter.Check(Pod(nodeSelector: Labels(("zone", "a"), ("disk", "hdd"))), Web));
        Assert.Equal(Mismatch, filter.Check(Pod(nodeSelector: Labels(("gpu", "yes"))), Web));
    }

    [Theory]
    [InlineData("zone", "In", new[] { "a", "b" }, true)]
    [InlineData("zone", "In", new[] { "b" }, false)]
    [InlineData("missing", "In", new[] { "a" }, false)]
    [InlineData("zone", "NotIn", new[] { "b" }, true)]
    [InlineData("zone", "NotIn", new[] { "a" }, false)]
    [InlineData("missing", "NotIn", new[] { "a" }, true)]
    [InlineData("zone", "Exists", new string[0], true)]
    [InlineData("missing", "Exists", new string[0], false)]
    [InlineData("missing", "DoesNotExist", new string[0], true)]
    [InlineData("zone", "DoesNotExist", new string[0], false)]
    [InlineData("cores", "Gt", new[] { "4" }, true)]
    [InlineData("cores", "Gt", new[] { "8" }, false)]
    [InlineData("cores", "Lt", new[] { "16" }, true)]
    [InlineData("cores", "Lt", new[] { "8" }, false)]
    [InlineData("zone", "Gt", new[] { "1" }, false)]
    [InlineData("missing", "Lt", new[] { "100" }, false)]
    public void Each_operator_matches_labels_like_kube(string key, string op, string[] values, bool matches)
    {
        Assert.Equal(matches ? null : Mismatch, CheckAffinity(Required(Expression(key, op, values))));
    }

    [Theory]
    [InlineData("zone", "In", new string[0])]
    [InlineData("zone", "Exists", new[] { "a" })]
    [InlineData("cores", "Gt", new[] { "x" })]
    [InlineData("cores", "Lt", new[] { "1", "2" })]
    [InlineData("zone", "Like", new[] { "a" })]
    public void An_invalid_requirement_makes_its_term_match_nothing(string key, string op, string[] values)
    {
        Assert.Equal(Mismatch, CheckAffinity(Required(Expression(key, op, values))));
    }

    [Fact]
    public void Expressions_in_one_term_are_anded()
    {
        const string both = """{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]},{"key":"disk","operator":"In","values":["ssd"]}]}""";
        const string oneWrong = """{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]},{"key":"disk","operator":"In","values":["hdd"]}]}""";

        Assert.Null(CheckAffinity(Required(both)));
        Assert.Equal(Mismatch, CheckAffinity(Required(oneWrong)));
    }

    [Fact]
    public void Terms_are_ored()
    {
        Assert.Null(CheckAffinity(Required(Expression("zone", "In", "b"), Expression("disk", "In", "ssd"))));
        Assert.Equal(Mismatch, CheckAffinity(Required(Expression("zone", "In", "b"), Expression("disk", "In", "hdd"))));
    }

    [Fact]
    public void An_empty_term_or_no_terms_match_nothing()
    {
        Assert.Equal(Mismatch, CheckAffinity(Required("{}")));
        Assert.Equal(Mismatch, CheckAffinity(Required()));
    }

    [Theory]
    [InlineData("In", "web-1", true)]
    [InlineData("In", "web-2", false)]
    [InlineData("NotIn", "web-2", true)]
    [InlineData("NotIn", "web-1", false)]
    public void Match_fields_compare_metadata_name(string op, string name, bool matches)
    {
        var term = $$"""{"matchFields":[{"key":"metadata.name","operator":"{{op}}","values":["{{name}}"]}]}""";

        Assert.Equal(matches ? null : Mismatch, CheckAffinity(Required(term)));
    }

    [Fact]
    public void Match_fields_other_than_metadata_name_match_nothing()
    {
        Assert.Equal(Mismatch, CheckAffinity(Required("""{"matchFields":[{"key":"spec.podCIDR","operator":"In","values":["x"]}]}""")));
    }

    [Fact]
    public void Selector_and_required_affinity_must_both_match()
    {
        var pod = Pod(nodeSelector: Labels(("disk", "hdd")), nodeAffinity: Required(Expression("zone", "In", "a")));

        Assert.Equal(Mismatch, filter.Check(pod, Web));
    }

    [Fact]
    public void Only_preferred_affinity_never_rejects()
    {
        const string preferred = """{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":10,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["z"]}]}}]}""";

        Assert.Null(CheckAffinity(preferred));
    }
}
