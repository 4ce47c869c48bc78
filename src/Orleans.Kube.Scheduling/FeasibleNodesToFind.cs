namespace Orleans.Kube.Scheduling;

/// <summary>
/// kube-scheduler's adaptive percentageOfNodesToScore: in a big cluster, filtering stops once this
/// many feasible nodes are found and only those are scored. Every node is looked at below 100
/// nodes; from there the share falls from 50 % by one point per 125 nodes, to no less than 5 %.
/// </summary>
public static class FeasibleNodesToFind
{
    private const int MinFeasibleNodes = 100;
    private const int MinPercentage = 5;

    public static int For(int nodes)
    {
        if (nodes < MinFeasibleNodes)
            return nodes;
        var percentage = Math.Max(MinPercentage, 50 - nodes / 125);
        return Math.Max(MinFeasibleNodes, (int)((long)nodes * percentage / 100));
    }
}
