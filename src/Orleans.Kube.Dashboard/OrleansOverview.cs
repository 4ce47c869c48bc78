using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;

namespace Orleans.Kube.Dashboard;

/// <summary>
/// The Orleans side for the dashboard: the silos of the membership table and grain activation
/// counts, from Orleans' own management grain. A non-resource path behind the API's security
/// (RBAC `nonResourceURLs: ["/okube/orleans"]`, verb get), like /metrics.
/// </summary>
public static class OrleansOverview
{
    public const string Path = "/okube/orleans";

    public static IEndpointRouteBuilder MapOrleansOverview(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetDetailedHosts(onlyActive: false).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            var statistics = await management.GetSimpleGrainStatistics().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            var perSilo = statistics.GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
            var silos = new JsonArray(hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).Select(h => (JsonNode)new JsonObject
            {
                ["name"] = h.SiloName,
                ["address"] = h.SiloAddress.ToParsableString(),
                ["host"] = h.HostName,
                ["status"] = h.Status.ToString(),
                ["startTime"] = h.StartTime.ToUniversalTime().ToString("O"),
                ["iAmAliveTime"] = h.IAmAliveTime.ToUniversalTime().ToString("O"),
                ["activations"] = perSilo.GetValueOrDefault(h.SiloAddress),
            }).ToArray());
            var grainTypes = new JsonArray(statistics.GroupBy(s => s.GrainType)
                .Select(g => (Type: g.Key, Count: g.Sum(s => s.ActivationCount)))
                .OrderByDescending(t => t.Count).ThenBy(t => t.Type, StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["type"] = t.Type, ["activations"] = t.Count }).ToArray());
            return Results.Text(new JsonObject { ["silos"] = silos, ["grainTypes"] = grainTypes }.ToJsonString(), "application/json");
        });
        return routes;
    }
}
