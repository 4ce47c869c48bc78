using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// Fills in status.loadBalancer.ingress of every Ingress this proxy serves with the address and ports its
/// listeners bound (what `kubectl get ing` shows as ADDRESS), once serving, after each change and every few
/// seconds; the Ingress's grain writes it, as any status update.
/// </summary>
public sealed partial class IngressStatusWriter(IngressDirectory directory, IngressServer server, IGrainFactory grains,
    IOptions<IngressOptions> options, ILogger<IngressStatusWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await server.Serving.WaitAsync(stoppingToken);
        var wake = new SemaphoreSlim(0);
        directory.Changed += () => wake.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var ingress in directory.Routes.Served)
                if (!Lists(ingress))
                    await PublishAsync(ingress);
            await wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            while (wake.CurrentCount > 0)
                await wake.WaitAsync(stoppingToken);
        }
    }

    private JsonObject Entry()
    {
        var ports = new JsonArray();
        foreach (var port in new[] { options.Value.HttpPort, options.Value.HttpsPort }.Where(p => p > 0))
            ports.Add(new JsonObject { ["port"] = port, ["protocol"] = "TCP" });
        return new JsonObject { ["ip"] = options.Value.Address, ["ports"] = ports };
    }

    private bool Lists(JsonObject ingress) =>
        (ingress["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.OfType<JsonObject>()
            .Any(e => JsonNode.DeepEquals(e, Entry())) == true;

    private async Task PublishAsync(JsonObject ingress)
    {
        try
        {
            var next = (JsonObject)ingress.DeepClone();
            var entries = (next["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.OfType<JsonObject>()
                .Where(e => e["ip"]?.ToString() != options.Value.Address).Select(e => (JsonNode)e.DeepClone()).ToList() ?? [];
            entries.Add(Entry());
            next["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray([.. entries]) } };
            var result = await grains.For(ResourceKinds.Ingress, ingress.Namespace(), ingress.Name()!).ReplaceStatus(KubeJson.Write(next), WriteOptions.Default);
            if (!result.IsSuccess && result.Code != 409 && result.Code != 404)
                LogRefused(logger, ingress.Name()!, result.Body);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, ingress.Name()!);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingress status of {Name} was refused: {Body}")]
    private static partial void LogRefused(ILogger logger, string name, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the ingress status of {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
