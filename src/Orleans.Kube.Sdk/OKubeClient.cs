using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Serialization;

namespace Orleans.Kube.Sdk;

/// <summary>
/// A programmatic connection to an Orleans.Kube cluster: finds the silos' gateways through the
/// PostgreSQL membership table and talks to grains directly, without the REST front-end.
/// </summary>
public sealed class OKubeClient : IAsyncDisposable
{
    private readonly IHost host;

    private OKubeClient(IHost host) => this.host = host;

    public IClusterClient Grains => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Typed create/get/apply/patch/delete/list/watch for one kind, e.g. <c>Resources&lt;V1Deployment&gt;()</c>.</summary>
    public KubeResources<T> Resources<T>() where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> => new(Grains);

    /// <summary>
    /// Connects through the gateways listed in the cluster's membership table, over mutual TLS with
    /// <paramref name="credentials"/> (default: the kubeconfig kubectl would use, see
    /// <see cref="OKubeClientCredentials.FromKubeconfig"/>).
    /// </summary>
    public static async Task<OKubeClient> ConnectAsync(string postgresConnectionString, OKubeClientCredentials? credentials = null,
        string clusterId = "okube", string serviceId = "okube", CancellationToken cancellationToken = default)
    {
        credentials ??= OKubeClientCredentials.FromKubeconfig();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; });
            client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = postgresConnectionString; });
            // Without this the client enumerates every network interface, which fails on hosts
            // with many short-lived docker veths.
            client.Configure<ClientMessagingOptions>(o => o.LocalAddress = IPAddress.Loopback);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Services.AddSerializer(s => s.AddKubeModels());
            if (credentials.ClientCertificate is { } certificate && credentials.ClusterCa is { } ca)
                client.UseTls(certificate, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    // Gateways are reached by IP from the membership table: trust is the CA and the silo group, not a host name.
                    o.RemoteCertificateValidation = (silo, _, _) => ClusterPeerCertificates.Accepts(silo, ca, ClusterPeerCertificates.ClientAccepts);
                });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new OKubeClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        try { await host.StopAsync(TimeSpan.FromSeconds(5)); }
        finally { host.Dispose(); }
    }
}
