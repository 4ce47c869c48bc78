using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>Creates the namespaces every Kubernetes cluster has, once the silo serves grains.</summary>
internal sealed partial class ClusterBootstrap(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ClusterBootstrap> logger) : BackgroundService
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grains can be called only after the silo has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        foreach (var name in SystemNamespaces)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var body = KubeJson.Write(new System.Text.Json.Nodes.JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Namespace",
                        ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
                    });
                    var result = await grains.For(ResourceKinds.Namespace, null, name).Create(body, WriteOptions.Default);
                    if (result.IsSuccess || result.Code == 409)
                        break;
                    LogRefused(logger, name, result.Body);
                    break;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRetry(logger, ex, name);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Namespace {Name} was refused: {Body}")]
    private static partial void LogRefused(ILogger logger, string name, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating namespace {Name} failed; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string name);
}
