namespace Orleans.Kube.Runtime.Tests;

public sealed class SimulatedScaleTests : SimulatedTestBase
{
    [Fact]
    public async Task Concurrent_agents_on_one_runtime_never_lose_or_duplicate_containers()
    {
        var runtime = NewRuntime();
        const int Workers = 16, PerWorker = 250;

        await Parallel.ForEachAsync(Enumerable.Range(0, Workers), Ct, async (w, ct) =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                var labels = new Dictionary<string, string> { ["worker"] = w.ToString(), ["i"] = i.ToString() };
                var id = await runtime.CreateAsync(Request($"c-{w}-{i}", labels), ct);
                await runtime.StartAsync(id, ct);
                if (i % 5 == 0)
                {
                    await runtime.StopAsync(id, TimeSpan.FromSeconds(1), ct);
                    await runtime.RemoveAsync(id, ct);
                }

                if (i % 50 == 0)
                {
                    await runtime.ListAsync(new Dictionary<string, string> { ["worker"] = w.ToString() }, ct);
                }
            }
        });

        var all = await runtime.ListAsync(new Dictionary<string, string>(), Ct);
        Assert.Equal(Workers * PerWorker * 4 / 5, all.Count);
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.All(all, c => Assert.Equal(ContainerStates.Running, c.State));
    }

    [Fact]
    public async Task Thousands_of_simulated_nodes_are_cheap_and_independent()
    {
        var nodes = Enumerable.Range(0, 2000).Select(n => NewRuntime(seed: $"node-{n}")).ToArray();

        await Parallel.ForEachAsync(nodes, Ct, async (node, ct) =>
        {
            for (var p = 0; p < 5; p++)
            {
                var id = await node.CreateAsync(Request($"pod-{p}"), ct);
                await node.StartAsync(id, ct);
            }
        });

        Assert.All(nodes, n => Assert.Equal(5, n.Count));
        var ids = new HashSet<string>();
        foreach (var node in nodes)
        {
            foreach (var c in await node.ListAsync(new Dictionary<string, string>(), Ct))
            {
                Assert.True(ids.Add(c.Id));
            }
        }
    }
}
