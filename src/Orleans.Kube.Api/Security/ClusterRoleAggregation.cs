using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube's clusterrole-aggregation controller: a ClusterRole with an aggregationRule gets, as its
/// rules, the rules of every ClusterRole its selectors match (so admin holds edit's, which holds
/// view's, once the chain converges). Runs on every API silo over the RBAC cache; concurrent
/// writers agree on the outcome.
/// </summary>
public sealed partial class ClusterRoleAggregation(RbacCache cache, IGrainFactory grains, ILogger<ClusterRoleAggregation> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cache.Loaded.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await ReconcileAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReconcileAsync()
    {
        var roles = cache.All(RbacCache.ClusterRoles).ToList();
        foreach (var role in roles)
        {
            if (role["aggregationRule"]?["clusterRoleSelectors"] is not JsonArray selectors)
                continue;
            var selected = selectors.Select(LabelSelector.FromLabelSelector).ToList();
            var rules = new JsonArray();
            var seen = new HashSet<string>();
            foreach (var other in roles.Where(r => r.Name() != role.Name()).OrderBy(r => r.Name(), StringComparer.Ordinal))
            {
                if (!selected.Any(s => s.Matches(other)))
                    continue;
                foreach (var rule in (other["rules"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    if (seen.Add(rule.ToJsonString()))
                        rules.Add(rule.DeepClone());
            }
            if (JsonNode.DeepEquals(rules, role["rules"] ?? new JsonArray()))
                continue;
            var next = (JsonObject)role.DeepClone();
            next["rules"] = rules;
            await grains.For(ResourceKinds.ClusterRole, null, role.Name()!).Replace(KubeJson.Write(next), WriteOptions.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ClusterRole aggregation failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
