namespace Orleans.Kube.Scheduling;

/// <summary>
/// Picks a node for a pod the way kube-scheduler does: drop nodes failing any filter, then take the highest
/// weighted score, ties to the lowest node name (ordinal) so results are reproducible. In clusters of 100
/// nodes or more it stops filtering after <see cref="FeasibleNodesToFind"/> feasible nodes, and a batch
/// starts each pod's search where the previous one stopped, as kube does, so every node gets its turn.
/// Stateless and thread-safe.
/// </summary>
public sealed class PodScheduler
{
    private readonly IFilter[] filters;
    private readonly IScorer[] scorers;
    private readonly double[] weights;

    public PodScheduler(IEnumerable<IFilter>? filters = null, IEnumerable<IScorer>? scorers = null)
    {
        this.filters = [.. filters ?? DefaultFilters()];
        this.scorers = [.. scorers ?? DefaultScorers()];
        weights = [.. this.scorers.Select(s => s.Weight)];
    }

    /// <summary>kube's default filter order: cheap state checks first, resource arithmetic last.</summary>
    public static IReadOnlyList<IFilter> DefaultFilters() =>
        [new NodeUnschedulableFilter(), new TaintTolerationFilter(), new NodeReadyFilter(), new NodeAffinityFilter(), new VolumeBindingFilter(), new NodeResourcesFitFilter()];

    public static IReadOnlyList<IScorer> DefaultScorers() =>
        [new LeastAllocatedScorer(), new SpreadingScorer(), new NodeAffinityScorer(), new TaintTolerationScorer()];

    public Placement Schedule(PodRequest pod, IReadOnlyList<NodeSnapshot> nodes)
    {
        var start = 0;
        var best = SelectNode(pod, nodes, ref start);
        return best >= 0
            ? new Placement(pod, nodes[best].Name, null)
            : new Placement(pod, null, Explain(pod, nodes));
    }

    /// <summary>Schedules in order, charging each placed pod to its node so later pods see it (no overcommit within a batch).</summary>
    public IReadOnlyList<Placement> ScheduleBatch(IReadOnlyList<PodRequest> pods, IReadOnlyList<NodeSnapshot> nodes)
    {
        var working = nodes.ToArray();
        var placements = new Placement[pods.Count];
        var start = 0;
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            var best = SelectNode(pod, working, ref start);
            if (best >= 0)
            {
                placements[i] = new Placement(pod, working[best].Name, null);
                working[best] = working[best].WithPod(pod);
            }
            else
            {
                placements[i] = new Placement(pod, null, Explain(pod, working));
            }
        }
        return placements;
    }

    // The hot loop of a batch: no allocation, no LINQ; filters stop at the first failure like kube's framework.
    // Looks at the nodes from start on (wrapping), and leaves start after the last node it looked at.
    private int SelectNode(PodRequest pod, IReadOnlyList<NodeSnapshot> nodes, ref int start)
    {
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var count = nodes.Count;
        var wanted = FeasibleNodesToFind.For(count);
        var feasible = 0;
        var looked = 0;
        while (looked < count && feasible < wanted)
        {
            var n = (start + looked) % count;
            looked++;
            var node = nodes[n];
            if (!Passes(pod, node)) continue;
            feasible++;

            var score = 0.0;
            for (var s = 0; s < scorers.Length; s++)
                score += weights[s] * scorers[s].Score(pod, node);
            // A misbehaving scorer must not make a feasible node unselectable (NaN compares false with everything).
            if (double.IsNaN(score)) score = 0;

            if (best < 0 || score > bestScore || (score == bestScore && string.CompareOrdinal(node.Name, nodes[best].Name) < 0))
            {
                best = n;
                bestScore = score;
            }
        }
        start = count == 0 ? 0 : (start + looked) % count;
        return best;
    }

    private bool Passes(PodRequest pod, NodeSnapshot node)
    {
        foreach (var filter in filters)
            if (filter.Check(pod, node) is not null) return false;
        return true;
    }

    // Only runs when nothing fits, so it re-checks every node to collect kube's per-reason counts.
    private string Explain(PodRequest pod, IReadOnlyList<NodeSnapshot> nodes)
    {
        if (nodes.Count == 0) return UnschedulableMessage.NoNodes;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var filter in filters)
            {
                if (filter.Check(pod, node) is not { } first) continue;
                var any = false;
                foreach (var reason in filter.Reasons(pod, node))
                {
                    counts[reason] = counts.GetValueOrDefault(reason) + 1;
                    any = true;
                }
                if (!any) counts[first] = counts.GetValueOrDefault(first) + 1;
                break;
            }
        }
        return UnschedulableMessage.Format(nodes.Count, counts);
    }
}
