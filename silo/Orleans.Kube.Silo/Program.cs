using Npgsql;
using Orleans.Kube.Api;
using Orleans.Kube.Api.Security;
using Orleans.Kube.Dashboard;
using Orleans.Kube.Grains;
using Orleans.Kube.Proxy;
using Orleans.Kube.Silo;
using Orleans.Kube.Store;
using Prometheus;

// Of the .NET meters only Orleans' join our series: the others (runtime, Npgsql, QUIC) break
// Prometheus' naming rules (a gauge named *_count), and prometheus-net's process and dotnet
// collectors cover the runtime already.
Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true });
Metrics.ConfigureMeterAdapter(options =>
    options.InstrumentFilterPredicate = instrument => instrument.Meter.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));

// `okube-silo pki DIR`: create the cluster's CA, admin certificate and token key (if missing) and exit.
if (args is ["pki", var pkiDir])
{
    ClusterPki.LoadOrCreate(pkiDir);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("OKUBE_");
builder.Configuration.AddCommandLine(args, SiloSettings.SwitchMappings);

SiloSettings settings;
ResourceCipher cipher;
ClusterPki pki;
Uri httpUrl;
try
{
    SiloLogging.Configure(builder.Logging, builder.Configuration);
    settings = SiloSettings.From(builder.Configuration);
    if (settings.PostgresConnectionString.Length == 0)
        throw new ArgumentException("no PostgreSQL connection string: set Postgres:ConnectionString, OKUBE_Postgres__ConnectionString or --postgres.");

    // Fail fast and readably on a bad database, before Orleans starts retrying in the background.
    await using var dataSource = NpgsqlDataSource.Create(settings.PostgresConnectionString);
    await PostgresReachability.EnsureReachableAsync(dataSource, settings.PostgresStartupTimeout, CancellationToken.None);
    await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
    cipher = new ResourceCipher(EncryptionKeySource.Load(settings.SecretEncryptionKey, settings.SecretKeyFile));
    httpUrl = settings.CheckedHttpUrl();
    pki = ClusterPki.LoadOrCreate(settings.Security.PkiDir);
}
catch (Exception ex) when (ex is PostgresUnavailableException or ArgumentException or FormatException or IOException or UnauthorizedAccessException
    or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"okube-silo: cannot start: {ex.Message}");
    return 2;
}

builder.WebHost.UseUrls(settings.HttpUrl);
var serving = new ServingCertificate(pki, [httpUrl.Host, settings.BindAddress.ToString(), Environment.MachineName]);
builder.Services.AddSingleton(serving);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = RequestLimits.TransportMaxBytes;
    k.ConfigureHttpsDefaults(https =>
    {
        https.ServerCertificateSelector = (_, _) => serving.Current;
        // Any certificate may be offered; the authentication step trusts only the cluster CA's.
        https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
    });
});
builder.Services.AddApiSecurity(pki, settings.Security);
builder.Services.AddResourceStore(PostgresPools.Capped(settings.PostgresConnectionString, PostgresPools.Store), cipher);
builder.UseOrleans(silo => OrleansSetup.Configure(silo, settings, pki));
builder.Services.Configure<NodeLifecycleOptions>(builder.Configuration.GetSection("Nodes"));
builder.Services.Configure<Orleans.Kube.Grains.Controllers.ReconcileOptions>(builder.Configuration.GetSection("Controllers"));
builder.Services.AddClusterNetwork(builder.Configuration.GetSection("Network"));
builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<SiloPortReservations>();
if (settings.HasRole(SiloRoles.Api))
{
    builder.Services.AddKubernetesApi();
    builder.Services.Configure<Orleans.Kube.Api.EventOptions>(builder.Configuration.GetSection("Events"));
    builder.Services.AddHostedService<NodeLivenessMonitor>();
    builder.Services.AddHostedService<KubernetesEndpointsReconciler>();
}
if (settings.HasRole(SiloRoles.Worker))
{
    builder.Services.AddNodeAgent(builder.Configuration.GetSection("Node"), settings.BindAddress.ToString());
    builder.Services.AddServiceProxy(builder.Configuration.GetSection("Proxy"), settings.BindAddress.ToString());
    builder.Services.AddIngressProxy(builder.Configuration.GetSection("Ingress"), settings.BindAddress.ToString());
}

var app = builder.Build();
app.UseWebSockets();
// The dashboard's static files at /ui/ need no credentials (its API calls carry the user's token).
if (settings.HasRole(SiloRoles.Api))
    app.UseDashboard();
app.UseApiSecurity();
app.MapHealthEndpoints();
// Prometheus exposition on every silo (API silos also answer kubectl get --raw /metrics).
app.MapMetrics();
if (settings.HasRole(SiloRoles.Api))
{
    app.MapKubernetesApi();
    app.MapOrleansOverview();
}

await app.RunAsync();
return 0;
