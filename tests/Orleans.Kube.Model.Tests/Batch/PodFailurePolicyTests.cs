using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Tests.Batch;

public sealed class PodFailurePolicyTests
{
    private static JobPod Failed(params (string Container, int Code)[] exits) =>
        new("p", "u", JobPodPhase.Failed, false, null, null, 0, [.. exits.Select(e => new ContainerExit(e.Container, e.Code))], []);

    private static PodFailureRule Rule(string action, string op, params int[] codes) =>
        new(action, null, op, codes.ToHashSet(), []);

    [Fact]
    public void The_first_matching_rule_decides_with_kubes_message()
    {
        var match = PodFailurePolicy.Match([Rule("Ignore", "In", 1), Rule("FailJob", "In", 42)], Failed(("main", 42)), "default");
        Assert.Equal(new PodFailureMatch("FailJob", "Container main for pod default/p failed with exit code 42 matching FailJob rule at index 1"), match);
    }

    [Fact]
    public void Not_in_matches_other_non_zero_codes() =>
        Assert.Equal("Ignore", PodFailurePolicy.Match([Rule("Ignore", "NotIn", 1)], Failed(("main", 3)), "default")?.Action);

    [Fact]
    public void Exit_code_zero_never_matches() =>
        Assert.Null(PodFailurePolicy.Match([Rule("FailJob", "NotIn", 1)], Failed(("side", 0)), "default"));

    [Fact]
    public void A_rule_naming_a_container_looks_only_at_it() =>
        Assert.Null(PodFailurePolicy.Match([new PodFailureRule("FailJob", "other", "In", new HashSet<int> { 42 }, [])], Failed(("main", 42)), "default"));

    [Fact]
    public void Pod_conditions_match_too()
    {
        var pod = Failed() with { Conditions = [new PodConditionState("DisruptionTarget", "True")] };
        var rule = new PodFailureRule("Ignore", null, null, new HashSet<int>(), [new PodConditionState("DisruptionTarget", "True")]);
        Assert.Equal("Ignore", PodFailurePolicy.Match([rule], pod, "default")?.Action);
    }
}
