namespace Orleans.Kube.Grains.Controllers;

/// <summary>The counts of a Deployment's status that progress is judged by.</summary>
public sealed record DeploymentCounts(int Replicas, int Updated, int Ready, int Available);

/// <summary>
/// kube's rules for a Deployment's Progressing condition (deployment/util): what counts as progress, and when a
/// rollout has run past its progressDeadlineSeconds.
/// </summary>
public static class DeploymentProgress
{
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last written.</summary>
    public static bool Progressed(DeploymentCounts? before, DeploymentCounts now) =>
        before is null
        || now.Updated > before.Updated
        || now.Replicas - now.Updated < before.Replicas - before.Updated
        || now.Ready > before.Ready
        || now.Available > before.Available;

    /// <summary>
    /// DeploymentTimedOut: the deadline counts from the condition's last update. A condition left by a finished
    /// rollout never times out (a new rollout starts the clock again), and one that already timed out stays so
    /// until progress is seen.
    /// </summary>
    public static bool TimedOut(string? previousReason, DateTimeOffset? lastUpdate, int deadlineSeconds, DateTimeOffset now) =>
        previousReason switch
        {
            null or NewReplicaSetAvailable => false,
            ProgressDeadlineExceeded => true,
            _ => lastUpdate is { } from && from + TimeSpan.FromSeconds(deadlineSeconds) < now,
        };
}
