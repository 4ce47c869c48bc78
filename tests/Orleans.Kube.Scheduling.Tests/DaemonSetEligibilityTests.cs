using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

public sealed class DaemonSetEligibilityTests
{
    private static PodRequest Template(IReadOnlyDictionary<string, string>? nodeSelector = null, IReadOnlyList<Toleration>? tolerations = null) =>
        Pod(nodeSelector: nodeSelector, tolerations: DaemonSetEligibility.WithAutomaticTolerations(tolerations ?? [], hostNetwork: false));

    [Fact]
    public void A_plain_node_runs_the_daemon_pod() =>
        Assert.Equal(new DaemonNodeFit(true, true), DaemonSetEligibility.Fit(Template(), Node("n1")));

    [Fact]
    public void A_cordoned_not_ready_node_keeps_its_daemon_pod_thanks_to_the_automatic_tolerations()
    {
        var node = Node("n1", unschedulable: true, ready: false,
            taints: [new Taint(Taint.UnschedulableKey, null, Taint.NoSchedule), new Taint("node.kubernetes.io/unreachable", null, Taint.NoExecute)]);
        Assert.Equal(new DaemonNodeFit(true, true), DaemonSetEligibility.Fit(Template(), node));
    }

    [Fact]
    public void An_untolerated_no_schedule_taint_stops_new_pods_but_keeps_running_ones() =>
        Assert.Equal(new DaemonNodeFit(false, true), DaemonSetEligibility.Fit(Template(), Node("n1", taints: [new Taint("dedicated", "db", Taint.NoSchedule)])));

    [Fact]
    public void An_untolerated_no_execute_taint_evicts() =>
        Assert.Equal(new DaemonNodeFit(false, false), DaemonSetEligibility.Fit(Template(), Node("n1", taints: [new Taint("dedicated", "db", Taint.NoExecute)])));

    [Fact]
    public void A_toleration_in_the_template_admits_the_tainted_node()
    {
        var template = Template(tolerations: [new Toleration("dedicated", Toleration.Exists, null, null)]);
        Assert.Equal(new DaemonNodeFit(true, true), DaemonSetEligibility.Fit(template, Node("n1", taints: [new Taint("dedicated", "db", Taint.NoExecute)])));
    }

    [Fact]
    public void A_node_selector_must_match() =>
        Assert.Equal(new DaemonNodeFit(false, false), DaemonSetEligibility.Fit(Template(nodeSelector: Labels(("disk", "ssd"))), Node("n1")));

    [Fact]
    public void Host_network_pods_also_tolerate_network_unavailable() =>
        Assert.Contains(DaemonSetEligibility.AutomaticTolerations(hostNetwork: true), t => t.Key == "node.kubernetes.io/network-unavailable");
}
