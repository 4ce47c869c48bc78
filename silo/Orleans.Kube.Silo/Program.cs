using Npgsql;
using Orleans.Kube.Api;
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

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("OKUBE_");
builder.Configuration.AddCommandLine(args, SiloSettings.SwitchMappings);

SiloSettings settings;
ResourceCipher cipher;
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
}
catch (Exception ex) when (ex is PostgresUnavailableException or ArgumentException or FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"okube-silo: cannot start: {ex.Message}");
    return 2;
}

builder.WebHost.UseUrls(settings.HttpUrl);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.TransportMaxBytes);
builder.Services.AddResourceStore(PostgresPools.Capped(settings.PostgresConnectionString, PostgresPools.Store), cipher);
builder.UseOrleans(silo => OrleansSetup.Configure(silo, settings));
builder.Services.Configure<NodeLifecycleOptions>(builder.Configuration.GetSection("Nodes"));
builder.Services.Configure<Orleans.Kube.Grains.Controllers.ReconcileOptions>(builder.Configuration.GetSection("Controllers"));
builder.Services.AddClusterNetwork(builder.Configuration.GetSection("Network"));
builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<SiloPortReservations>();
if (settings.HasRole(SiloRoles.Api))
{
    builder.Services.AddKubernetesApi();
    builder.Services.AddHostedService<NodeLivenessMonitor>();
}
if (settings.HasRole(SiloRoles.Worker))
{
    builder.Services.AddNodeAgent(builder.Configuration.GetSection("Node"), settings.BindAddress.ToString());
    builder.Services.AddServiceProxy(builder.Configuration.GetSection("Proxy"), settings.BindAddress.ToString());
    builder.Services.AddIngressProxy(builder.Configuration.GetSection("Ingress"), settings.BindAddress.ToString());
}

var app = builder.Build();
app.UseWebSockets();
app.MapHealthEndpoints();
// Prometheus exposition on every silo (API silos also answer kubectl get --raw /metrics).
app.MapMetrics();
if (settings.HasRole(SiloRoles.Api))
    app.MapKubernetesApi();

await app.RunAsync();
return 0;
