using System.Text.Json.Nodes;
using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeSnapshotTests
{
    private static readonly string ReadyNode = """
        {"metadata":{"name":"n1","labels":{"zone":"a"}},
         "spec":{"unschedulable":true,"taints":[{"key":"gpu","value":"yes","effect":"NoSchedule"},{"key":"spot","effect":"PreferNoSchedule"}]},
         "status":{"capacity":{"cpu":"8","memory":"32Gi","pods":"110"},
                   "allocatable":{"cpu":"7500m","memory":"30Gi","pods":"100"},
                   "conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}]}}
        """;

    private static JsonObject RunningPod(string cpu, string memory, string? owner = null, string phase = "Running") => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "x",
            ["ownerReferences"] = owner is null ? new JsonArray() : new JsonArray(new JsonObject { ["uid"] = owner, ["controller"] = true }),
        },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "c",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory } },
            }),
        },
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    [Fact]
    public void Node_fields_are_read_from_kubernetes_json()
    {
        var node = NodeSnapshot.From(Parse(ReadyNode), []);

        Assert.Equal("n1", node.Name);
        Assert.Equal("a", node.Labels["zone"]);
        Assert.Equal([new Taint("gpu", "yes", "NoSchedule"), new Taint("spot", null, "PreferNoSchedule")], node.Taints);
        Assert.True(node.Unschedulable);
        Assert.True(node.Ready);
        Assert.Equal(new Resources(7500, 30 * Gi, 100), node.Allocatable);
        Assert.Equal(Resources.Zero, node.Requested);
        Assert.Empty(node.PodsByOwner);
    }

    [Fact]
    public void Capacity_stands_in_for_missing_allocatable()
    {
        var node = NodeSnapshot.From(Parse("""{"metadata":{"name":"n"},"status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"10"}}}"""), []);

        Assert.Equal(new Resources(2000, 4 * Gi, 10), node.Allocatable);
    }

    [Theory]
    [InlineData("""{"conditions":[{"type":"Ready","status":"False"}]}""")]
    [InlineData("""{"conditions":[{"type":"Ready","status":"Unknown"}]}""")]
    [InlineData("""{}""")]
    public void A_node_is_ready_only_with_a_true_ready_condition(string status)
    {
        var node = NodeSnapshot.From(Parse($$"""{"metadata":{"name":"n"},"status":{{status}}}"""), []);

        Assert.False(node.Ready);
        Assert.False(node.Unschedulable);
    }

    [Fact]
    public void Bound_pods_are_charged_except_finished_ones()
    {
        var pods = new[]
        {
            RunningPod("500m", "1Gi", "rs-a"),
            RunningPod("250m", "512Mi", "rs-a", "Pending"),
            RunningPod("1", "1Gi", "rs-b"),
            RunningPod("100m", "128Mi"),
            RunningPod("4", "8Gi", "rs-a", "Succeeded"),
            RunningPod("4", "8Gi", "rs-c", "Failed"),
        };

        var node = NodeSnapshot.From(Parse(ReadyNode), pods);

        Assert.Equal(new Resources(1850, 2 * Gi + 640 * Mi, 4), node.Requested);
        Assert.Equal(new Dictionary<string, int> { ["rs-a"] = 2, ["rs-b"] = 1 }, node.PodsByOwner);
    }

    [Fact]
    public void With_pod_charges_requests_and_owner_without_touching_the_original()
    {
        var node = Node("n", podsByOwner: new Dictionary<string, int> { ["rs"] = 1 });

        var charged = node.WithPod(Pod(milliCpu: 300, memory: 1 * Gi, owner: "rs"));

        Assert.Equal(new Resources(300, 1 * Gi, 1), charged.Requested);
        Assert.Equal(2, charged.PodsByOwner["rs"]);
        Assert.Equal(1, node.PodsByOwner["rs"]);
        Assert.Equal(Resources.Zero, node.Requested);
    }
}
