namespace Orleans.Kube.Model.Autoscaling;

/// <summary>One HPAScalingPolicy: at most Value pods or Value percent per PeriodSeconds.</summary>
public sealed record ScalingPolicy(string Type, int Value, int PeriodSeconds);

/// <summary>HPAScalingRules for one direction.</summary>
public sealed record ScalingRules(int StabilizationWindowSeconds, string SelectPolicy, IReadOnlyList<ScalingPolicy> Policies)
{
    /// <summary>autoscaling/v2 defaults: up at once by 4 pods or 100 % per 15 s, whichever is more.</summary>
    public static ScalingRules DefaultUp { get; } = new(0, "Max", [new("Pods", 4, 15), new("Percent", 100, 15)]);

    /// <summary>Down after a 300 s stabilization window, by up to 100 % per 15 s.</summary>
    public static ScalingRules DefaultDown { get; } = new(300, "Max", [new("Percent", 100, 15)]);
}

/// <summary>A recommendation the autoscaler made, kept for the stabilization windows.</summary>
public sealed record Recommendation(DateTimeOffset At, int Replicas);

/// <summary>A rescale the autoscaler made: the number of pods added (positive) or removed (negative).</summary>
public sealed record ScaleEvent(DateTimeOffset At, int Change);

/// <summary>The outcome: replicas to set, the AbleToScale and ScalingLimited reasons kube writes.</summary>
public sealed record NormalizedScale(int Replicas, string AbleReason, string AbleMessage, bool Limited, string LimitReason, string LimitMessage);

/// <summary>
/// kube's normalizeDesiredReplicasWithBehaviors: the stabilization windows (the highest recommendation of
/// the down window, the lowest of the up window), then the rate policies, then min/max.
/// </summary>
public static class ScalingBehavior
{
    public static NormalizedScale Normalize(int current, int proposed, int min, int max, ScalingRules up, ScalingRules down,
        List<Recommendation> recommendations, IReadOnlyList<ScaleEvent> events, DateTimeOffset now)
    {
        var stabilized = Stabilize(current, proposed, up, down, recommendations, now);
        var (ableReason, ableMessage) = stabilized != proposed
            ? stabilized > current
                ? ("ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
                : ("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation")
            : ("ReadyForNewScale", "recommended size matches current size");

        var (replicas, limitReason, limitMessage) = LimitRate(current, stabilized, min, max, up, down, events, now);
        return new NormalizedScale(replicas, ableReason, ableMessage, replicas != stabilized, limitReason, limitMessage);
    }

    private static int Stabilize(int current, int proposed, ScalingRules up, ScalingRules down, List<Recommendation> recommendations, DateTimeOffset now)
    {
        var upCutoff = now.AddSeconds(-up.StabilizationWindowSeconds);
        var downCutoff = now.AddSeconds(-down.StabilizationWindowSeconds);
        var upRecommendation = proposed;
        var downRecommendation = proposed;
        foreach (var old in recommendations)
        {
            if (old.At > upCutoff)
                upRecommendation = Math.Min(upRecommendation, old.Replicas);
            if (old.At > downCutoff)
                downRecommendation = Math.Max(downRecommendation, old.Replicas);
        }
        recommendations.RemoveAll(r => r.At < upCutoff && r.At < downCutoff);
        recommendations.Add(new Recommendation(now, proposed));

        var recommendation = current;
        if (recommendation < upRecommendation)
            recommendation = upRecommendation;
        if (recommendation > downRecommendation)
            recommendation = downRecommendation;
        return recommendation;
    }

    private static (int Replicas, string Reason, string Message) LimitRate(int current, int desired, int min, int max,
        ScalingRules up, ScalingRules down, IReadOnlyList<ScaleEvent> events, DateTimeOffset now)
    {
        if (desired > current)
        {
            var limit = Math.Max(current, Limit(current, up, events, now, scaleUp: true));
            var (allowed, reason, message) = max > limit
                ? (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
                : (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
            if (desired > allowed)
                return (allowed, reason, message);
        }
        else if (desired < current)
        {
            var limit = Math.Min(current, Limit(current, down, events, now, scaleUp: false));
            var (allowed, reason, message) = min < limit
                ? (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
                : (min, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
            if (desired < allowed)
                return (allowed, reason, message);
        }
        return (desired, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /// <summary>The furthest the policies allow from the replica count at the start of each policy's period.</summary>
    private static int Limit(int current, ScalingRules rules, IReadOnlyList<ScaleEvent> events, DateTimeOffset now, bool scaleUp)
    {
        if (rules.SelectPolicy == "Disabled" || rules.Policies.Count == 0)
            return current;
        // "Max" picks the policy allowing the biggest change, "Min" the smallest.
        var biggestChange = rules.SelectPolicy != "Min";
        int? result = null;
        foreach (var policy in rules.Policies)
        {
            var since = now.AddSeconds(-policy.PeriodSeconds);
            var added = events.Where(e => e.At > since && e.Change > 0).Sum(e => e.Change);
            var removed = -events.Where(e => e.At > since && e.Change < 0).Sum(e => e.Change);
            var periodStart = current - added + removed;
            var proposed = scaleUp
                ? policy.Type == "Pods" ? periodStart + policy.Value : (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0))
                : policy.Type == "Pods" ? periodStart - policy.Value : (int)(periodStart * (1 - policy.Value / 100.0));
            result = result is not { } r ? proposed
                : scaleUp == biggestChange ? Math.Max(r, proposed) : Math.Min(r, proposed);
        }
        return result!.Value;
    }
}
