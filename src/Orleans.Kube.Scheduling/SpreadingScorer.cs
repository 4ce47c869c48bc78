namespace Orleans.Kube.Scheduling;

/// <summary>
/// Spreads replicas of one controller: 100 on a node with none of the owner's pods, 100/(1+n) with n of them.
/// Plays the part of kube's default pod topology spreading over hostnames; pods without an owner score 100 everywhere.
/// </summary>
public sealed class SpreadingScorer(double weight = 2) : IScorer
{
    public string Name => "Spreading";

    public double Weight => weight;

    public double Score(PodRequest pod, NodeSnapshot node) =>
        pod.OwnerUid is { } owner && node.PodsByOwner.TryGetValue(owner, out var count) && count > 0
            ? 100.0 / (1 + count)
            : 100;
}
