namespace Orleans.Kube.Scheduling;

/// <summary>A preference among feasible nodes (kube's Score extension point).</summary>
public interface IScorer
{
    string Name { get; }

    /// <summary>Multiplier applied to <see cref="Score"/> before the scores are summed.</summary>
    double Weight { get; }

    /// <summary>0..100, higher is better. Only called for nodes that passed every filter.</summary>
    double Score(PodRequest pod, NodeSnapshot node);
}
