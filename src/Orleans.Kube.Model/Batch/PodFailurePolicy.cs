namespace Orleans.Kube.Model.Batch;

/// <summary>One rule of a Job's podFailurePolicy: an action taken when a failed pod matches.</summary>
/// <param name="Action">FailJob, Ignore, Count or FailIndex.</param>
public sealed record PodFailureRule(string Action, string? ContainerName, string? Operator, IReadOnlySet<int> ExitCodes,
    IReadOnlyList<PodConditionState> OnPodConditions);

/// <summary>The rule a failed pod matched, and kube's message for it.</summary>
public sealed record PodFailureMatch(string Action, string Message);

/// <summary>kube's matchPodFailurePolicy: the first rule whose exit codes or pod conditions match decides.</summary>
public static class PodFailurePolicy
{
    public static PodFailureMatch? Match(IReadOnlyList<PodFailureRule> rules, JobPod pod, string podNamespace)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Operator is { } op && MatchingExit(rule, op, pod) is { } exit)
                return new PodFailureMatch(rule.Action,
                    $"Container {exit.Container} for pod {podNamespace}/{pod.Name} failed with exit code {exit.ExitCode} matching {rule.Action} rule at index {i}");
            if (rule.OnPodConditions.Count > 0 && rule.OnPodConditions.FirstOrDefault(c => pod.Conditions.Contains(c)) is { } condition)
                return new PodFailureMatch(rule.Action,
                    $"Pod {podNamespace}/{pod.Name} has condition {condition.Type} matching {rule.Action} rule at index {i}");
        }
        return null;
    }

    // Exit code 0 never matches: a container that succeeded did not cause the failure.
    private static ContainerExit? MatchingExit(PodFailureRule rule, string op, JobPod pod) =>
        pod.Exits.FirstOrDefault(e => e.ExitCode != 0
            && (rule.ContainerName is null || rule.ContainerName == e.Container)
            && (op == "In" ? rule.ExitCodes.Contains(e.ExitCode) : !rule.ExitCodes.Contains(e.ExitCode)));
}
