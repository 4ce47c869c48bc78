using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// The ingress proxy of a worker silo: its own Kestrel server on the configured loopback HTTP and HTTPS ports
/// (HTTP/1.1 with keep-alive and upgrades such as WebSocket; HTTP/2 by ALPN on TLS), forwarding through
/// <see cref="IngressForwarder"/>. With several worker silos on one host the first to bind serves and the others
/// try again every few seconds, as the node proxy does.
/// </summary>
public sealed partial class IngressServer(IngressDirectory directory, IngressCertificates certificates, ServiceProxy services,
    IOptions<IngressOptions> options, ILoggerFactory loggers, ILogger<IngressServer> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(3);
    private readonly TaskCompletionSource serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this silo's listeners are bound.</summary>
    public Task Serving => serving.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || (settings.HttpPort == 0 && settings.HttpsPort == 0))
            return;
        var address = IPAddress.Parse(settings.Address);
        if (!ProxyRules.IsLoopback(address))
            throw new InvalidOperationException($"Ingress:Address {address} is not a loopback address");
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A cheap look before building a server: another silo on this host may hold the ports.
            if (!Free(address, settings.HttpPort) || !Free(address, settings.HttpsPort))
            {
                await Task.Delay(Retry, stoppingToken);
                continue;
            }
            var app = Build(settings, address);
            try
            {
                await app.StartAsync(stoppingToken);
            }
            catch (IOException ex) when (!stoppingToken.IsCancellationRequested)
            {
                await app.DisposeAsync();
                if (!reported)
                    LogStandingBy(logger, address.ToString(), ex.Message);
                reported = true;
                await Task.Delay(Retry, stoppingToken);
                continue;
            }
            LogServing(logger, address.ToString(), settings.HttpPort, settings.HttpsPort);
            serving.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return;
        }
    }

    private static bool Free(IPAddress address, int port)
    {
        if (port == 0)
            return true;
        using var probe = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR as Kestrel sets it, so connections in TIME_WAIT do not read as a listener.
            if (OperatingSystem.IsLinux())
                probe.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            probe.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private WebApplication Build(IngressOptions settings, IPAddress address)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddLogging();
        builder.Services.AddHttpForwarder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (settings.HttpPort > 0)
                kestrel.Listen(address, settings.HttpPort, l => l.Protocols = HttpProtocols.Http1AndHttp2);
            if (settings.HttpsPort > 0)
                kestrel.Listen(address, settings.HttpsPort, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    l.UseHttps(https => https.ServerCertificateSelector = (_, name) => certificates.For(name));
                });
        });
        var app = builder.Build();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ActivityHeadersPropagator = null,
        });
        var forwarder = new IngressForwarder(directory, services, app.Services.GetRequiredService<IHttpForwarder>(), client, settings.HttpsPort);
        app.Run(forwarder.HandleAsync);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingress proxy serving on {Address} (HTTP {HttpPort}, HTTPS {HttpsPort})")]
    private static partial void LogServing(ILogger logger, string address, int httpPort, int httpsPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingress proxy standing by: {Address} is served by another process ({Reason}); retrying")]
    private static partial void LogStandingBy(ILogger logger, string address, string reason);
}
