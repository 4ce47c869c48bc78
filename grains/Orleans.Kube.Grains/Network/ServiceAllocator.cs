using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Validation;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// The apiserver's service admission: fills in a Service's ClusterIP and NodePorts from the
/// pools (or takes the requested ones if free), keeps them across updates, and refuses changes
/// to an assigned ClusterIP. Values no longer in the spec are released by the service's reconcile.
/// </summary>
public sealed class ServiceAllocator(IAllocationStore allocations, NetworkPools pools)
{
    private const string Resource = "services";

    /// <summary>Mutates <paramref name="service"/>; returns the field errors when it cannot be admitted.</summary>
    public async Task<List<FieldError>> AdmitAsync(JsonObject service, JsonObject? old, bool dryRun)
    {
        var errors = new List<FieldError>();
        var spec = service["spec"] as JsonObject ?? new JsonObject();
        var uid = service.Uid()!;
        var type = spec.GetString("type") ?? "ClusterIP";
        if (type == "ExternalName")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
            return errors;
        }

        var oldIp = old?["spec"].GetString("clusterIP");
        var ip = spec.GetString("clusterIP") is { Length: > 0 } requestedIp ? requestedIp
            : spec["clusterIPs"]?[0]?.ToString() is { Length: > 0 } listed ? listed
            : oldIp;
        if (oldIp is { Length: > 0 } && ip != oldIp)
            errors.Add(new FieldError("FieldValueInvalid", "spec.clusterIPs[0]", $"Invalid value: []string{{\"{ip}\"}}: may not change once set"));
        else if (ip is null or "")
            ip = dryRun ? null : await AllocateAsync(pools.ServiceIps, uid, "spec.clusterIPs", "no ClusterIP left in the service range", errors);
        else if (ip != "None" && ip != oldIp)
            await ReserveAsync(pools.ServiceIps, ip, uid, "spec.clusterIPs[0]", dryRun, errors);
        if (ip is not null)
        {
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }
        spec["ipFamilies"] = new JsonArray("IPv4");
        spec["ipFamilyPolicy"] = "SingleStack";

        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var oldPorts = (old?["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var wantsNodePorts = type is "NodePort" or "LoadBalancer";
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (!wantsNodePorts)
            {
                port.Remove("nodePort");
                continue;
            }
            var path = $"spec.ports[{i}].nodePort";
            var requested = port["nodePort"] is JsonValue v && v.TryGetValue<int>(out var n) && n != 0 ? n : (int?)null;
            var previous = oldPorts.FirstOrDefault(p => p["port"]?.ToString() == port["port"]?.ToString() && p.GetString("protocol") == port.GetString("protocol"))?["nodePort"]?.GetValue<int>();
            if (requested is { } wanted)
            {
                if (wanted != previous)
                    await ReserveAsync(pools.NodePorts, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture), uid, path, dryRun, errors);
            }
            else if (previous is { } kept)
                port["nodePort"] = kept;
            else if (!dryRun && await AllocateAsync(pools.NodePorts, uid, path, "no NodePort left in the range", errors) is { } allocated)
                port["nodePort"] = int.Parse(allocated, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (spec.GetString("sessionAffinity") == "ClientIP")
            spec["sessionAffinityConfig"] ??= new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        else
            spec.Remove("sessionAffinityConfig");
        return errors;
    }

    /// <summary>Releases what the owner holds beyond what <paramref name="service"/> uses now.</summary>
    public async Task ReleaseUnusedAsync(JsonObject service)
    {
        var uid = service.Uid()!;
        var spec = service["spec"];
        var ips = new List<long>();
        if (spec.GetString("clusterIP") is { } ip && pools.ServiceIps.Parse(ip) is { } ipValue)
            ips.Add(ipValue);
        var ports = (spec?["ports"] as JsonArray)?.OfType<JsonObject>()
            .Select(p => p["nodePort"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0)
            .Where(n => n != 0).ToList() ?? [];
        await allocations.ReleaseExceptAsync(pools.ServiceIps, uid, ips);
        await allocations.ReleaseExceptAsync(pools.NodePorts, uid, ports);
    }

    public Task ReleaseAllAsync(string uid) => allocations.ReleaseAllAsync(uid);

    private async Task<string?> AllocateAsync(AllocationPool pool, string uid, string path, string full, List<FieldError> errors)
    {
        if (await allocations.AllocateAsync(pool, Resource, uid) is { } value)
            return pool.Format(value);
        errors.Add(new FieldError("FieldValueInvalid", path, $"Invalid value: {full}"));
        return null;
    }

    private async Task ReserveAsync(AllocationPool pool, string requested, string uid, string path, bool dryRun, List<FieldError> errors)
    {
        if (pool.Parse(requested) is not { } value || (pool.IsAddress && !IPAddress.TryParse(requested, out _)))
        {
            errors.Add(new FieldError("FieldValueInvalid", path, $"Invalid value: \"{requested}\": must be a valid {(pool.IsAddress ? "IPv4 address" : "port number")}"));
            return;
        }
        if (!pool.Contains(value))
        {
            errors.Add(new FieldError("FieldValueInvalid", path,
                $"Invalid value: \"{requested}\": provided {(pool.IsAddress ? "IP" : "port")} is not in the valid range. The range of valid {(pool.IsAddress ? "IPs" : "ports")} is {pool.Format(pool.First)}-{pool.Format(pool.Last)}"));
            return;
        }
        if (dryRun)
            return;
        if (!await allocations.ReserveAsync(pool, value, Resource, uid))
            errors.Add(new FieldError("FieldValueInvalid", path, $"Invalid value: \"{requested}\": provided {(pool.IsAddress ? "IP" : "port")} is already allocated"));
    }
}
