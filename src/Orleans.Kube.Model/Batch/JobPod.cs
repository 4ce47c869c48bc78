namespace Orleans.Kube.Model.Batch;

public enum JobPodPhase { Active, Succeeded, Failed }

/// <summary>A Job's pod as the Job controller judges it.</summary>
/// <param name="Index">The completion index (Indexed Jobs), or null.</param>
/// <param name="FinishedAt">When its last container terminated (failed and succeeded pods).</param>
/// <param name="Restarts">Container restarts so far (restartPolicy OnFailure counts them against backoffLimit).</param>
/// <param name="Exits">Non-zero exit codes of terminated containers, for podFailurePolicy.</param>
public sealed record JobPod(string Name, string Uid, JobPodPhase Phase, bool Ready, int? Index, DateTimeOffset? FinishedAt,
    int Restarts, IReadOnlyList<ContainerExit> Exits, IReadOnlyList<PodConditionState> Conditions);

public sealed record ContainerExit(string Container, int ExitCode);

public sealed record PodConditionState(string Type, string Status);
