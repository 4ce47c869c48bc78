using Orleans.Kube.Model.Autoscaling;

namespace Orleans.Kube.Model.Tests.Autoscaling;

public sealed class ReplicaCalculatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-03T12:00:00Z");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>A pod running for an hour, Ready for most of it.</summary>
    private static ScalingPod Pod(string name, long? usage, long? request = 1000, bool ready = true) =>
        new(name, usage, request, ready, Ignored: false, Now.AddHours(-1), Now.AddMinutes(-50));

    private static MetricProposal Cpu(int current, int target, params ScalingPod[] pods) =>
        ReplicaCalculator.ForUtilization(current, pods, target, cpu: true, Now, Window);

    [Fact]
    public void Usage_at_twice_the_target_doubles_the_ready_pods()
    {
        var proposal = Cpu(3, 50, Pod("a", 1000), Pod("b", 1000), Pod("c", 1000));

        Assert.Equal(6, proposal.Replicas);
        Assert.Equal(100, proposal.AverageUtilization);
        Assert.Equal(1000, proposal.AverageValue);
    }

    [Fact]
    public void A_ratio_within_the_ten_percent_tolerance_keeps_the_count()
    {
        Assert.Equal(3, Cpu(3, 50, Pod("a", 530), Pod("b", 530), Pod("c", 530)).Replicas);
        Assert.Equal(4, Cpu(3, 50, Pod("a", 600), Pod("b", 600), Pod("c", 600)).Replicas);
    }

    [Fact]
    public void Pods_without_metrics_count_at_their_full_request_when_scaling_down()
    {
        // Measured alone: 10 % of a 50 % target would give 1 pod; the missing one at 100 % holds it at 3.
        Assert.Equal(3, Cpu(3, 50, Pod("a", 100), Pod("b", 100), Pod("c", null)).Replicas);
    }

    [Fact]
    public void Unready_pods_count_as_idle_when_scaling_up_and_can_cancel_it()
    {
        // The ready pod alone (200 % of a 100 % target) proposes 2, a scale-down from 3; counting the two
        // unready ones (still starting) as idle flips the direction, so kube keeps 3.
        var starting = Pod("b", 0, ready: false) with { StartedAt = Now.AddMinutes(-1), ReadyChangedAt = Now.AddMinutes(-1) };
        Assert.Equal(3, Cpu(3, 100, Pod("a", 2000), starting, starting with { Name = "c" }).Replicas);
    }

    [Fact]
    public void Deleted_and_failed_pods_are_ignored()
    {
        var gone = Pod("gone", 0) with { Ignored = true };

        Assert.Equal(2, Cpu(1, 50, Pod("a", 1000), gone).Replicas);
    }

    [Fact]
    public void A_container_without_a_request_stops_the_calculation_with_kubes_reason()
    {
        var failed = Assert.Throws<ScalingException>(() => Cpu(1, 50, Pod("a", 500, request: null) with { ContainerWithoutRequest = "app" }));

        Assert.Equal("FailedGetResourceMetric", failed.Reason);
        Assert.Equal("missing request for cpu in container app of Pod a", failed.Message);
    }

    [Fact]
    public void No_metrics_at_all_is_an_error()
    {
        Assert.Throws<ScalingException>(() => Cpu(2, 50, Pod("a", null), Pod("b", null)));
    }

    [Fact]
    public void An_average_value_target_divides_the_total_use()
    {
        var proposal = ReplicaCalculator.ForAverageValue(2, [Pod("a", 300), Pod("b", 500)], 200, cpu: true, Now, Window);

        Assert.Equal(4, proposal.Replicas);
        Assert.Null(proposal.AverageUtilization);
        Assert.Equal(400, proposal.AverageValue);
    }
}
