using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class TaintTolerationFilterTests
{
    private readonly TaintTolerationFilter filter = new();
    private static readonly Taint Gpu = new("gpu", "nvidia", "NoSchedule");

    private string? Check(Taint taint, params Toleration[] tolerations) =>
        filter.Check(Pod(tolerations: tolerations), Node("n", taints: [taint]));

    [Fact]
    public void An_untainted_node_passes()
    {
        Assert.Null(filter.Check(Pod(), Node("n")));
    }

    [Fact]
    public void An_untolerated_no_schedule_taint_is_reported_with_key_and_value()
    {
        Assert.Equal("node(s) had untolerated taint {gpu: nvidia}", Check(Gpu));
    }

    [Fact]
    public void An_untolerated_no_execute_taint_rejects_too_and_a_missing_value_prints_empty()
    {
        Assert.Equal("node(s) had untolerated taint {dedicated: }", Check(new Taint("dedicated", null, "NoExecute")));
    }

    [Fact]
    public void Prefer_no_schedule_taints_never_reject()
    {
        Assert.Null(Check(new Taint("spot", "true", "PreferNoSchedule")));
    }

    [Fact]
    public void The_first_untolerated_taint_is_the_one_reported()
    {
        var node = Node("n", taints: [new Taint("a", "1", "PreferNoSchedule"), new Taint("b", "2", "NoSchedule"), new Taint("c", "3", "NoSchedule")]);
        var pod = Pod(tolerations: [new Toleration("b", "Equal", "2", null)]);

        Assert.Equal("node(s) had untolerated taint {c: 3}", filter.Check(pod, node));
    }

    [Fact]
    public void Exists_without_a_key_tolerates_every_taint()
    {
        Assert.Null(Check(Gpu, new Toleration(null, "Exists", null, null)));
        Assert.Null(Check(new Taint("x", null, "NoExecute"), new Toleration(null, "Exists", null, null)));
    }

    [Fact]
    public void Exists_with_a_key_ignores_the_value()
    {
        Assert.Null(Check(Gpu, new Toleration("gpu", "Exists", null, null)));
        Assert.NotNull(Check(Gpu, new Toleration("other", "Exists", null, null)));
    }

    [Theory]
    [InlineData("nvidia", true)]
    [InlineData("amd", false)]
    [InlineData(null, false)]
    public void Equal_needs_the_same_value(string? value, bool tolerated)
    {
        Assert.Equal(tolerated, Check(Gpu, new Toleration("gpu", "Equal", value, null)) is null);
    }

    [Fact]
    public void Equal_treats_a_missing_value_like_an_empty_one()
    {
        Assert.Null(Check(new Taint("gpu", null, "NoSchedule"), new Toleration("gpu", "Equal", "", null)));
    }

    [Theory]
    [InlineData("NoSchedule", true)]
    [InlineData(null, true)]
    [InlineData("NoExecute", false)]
    [InlineData("PreferNoSchedule", false)]
    public void A_toleration_effect_must_match_when_given(string? effect, bool tolerated)
    {
        Assert.Equal(tolerated, Check(Gpu, new Toleration("gpu", "Equal", "nvidia", effect)) is null);
    }

    [Fact]
    public void An_unknown_operator_tolerates_nothing()
    {
        Assert.NotNull(Check(Gpu, new Toleration("gpu", "Gt", "nvidia", null)));
    }
}
