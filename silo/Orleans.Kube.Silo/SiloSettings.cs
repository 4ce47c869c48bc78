using System.Net;

namespace Orleans.Kube.Silo;

/// <summary>Everything a silo needs to know, bound from appsettings, OKUBE_* environment and command line.</summary>
public sealed class SiloSettings
{
    public string PostgresConnectionString { get; init; } = "";
    /// <summary>How long the start-up check waits for PostgreSQL (Postgres:StartupTimeoutSeconds); longer on a loaded machine.</summary>
    public TimeSpan PostgresStartupTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public string ClusterId { get; init; } = "okube";
    public string ServiceId { get; init; } = "okube";
    public string NodeName { get; init; } = Environment.MachineName;
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string> { SiloRoles.Api, SiloRoles.Worker };
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;
    public int SiloPort { get; init; } = 11111;
    /// <summary>Not Orleans' usual 30000: that is the first NodePort (see SiloPortReservations).</summary>
    public int GatewayPort { get; init; } = 20000;
    /// <summary>Where Kestrel listens: the Kubernetes API on api silos, /healthz on every silo.</summary>
    public string HttpUrl { get; init; } = "https://127.0.0.1:8001";
    /// <summary>Plain HTTP is served only when asked for here (Security:AllowPlainHttp), and on loopback only.</summary>
    public bool AllowPlainHttp { get; init; }
    public Orleans.Kube.Api.Security.SecurityOptions Security { get; init; } = new();
    public MembershipTimings Membership { get; init; } = new();
    /// <summary>Base64 AES-256 key that seals Secrets at rest; when empty, <see cref="SecretKeyFile"/> holds (or gets) it.</summary>
    public string? SecretEncryptionKey { get; init; }
    public string SecretKeyFile { get; init; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".okube", "secret-encryption.key");

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>The scheme and host of <see cref="HttpUrl"/>, refusing plain HTTP unless allowed and on loopback.</summary>
    public Uri CheckedHttpUrl()
    {
        if (!Uri.TryCreate(HttpUrl.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url))
            throw new ArgumentException($"Silo:HttpUrl {HttpUrl} is not a URL.");
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            if (!AllowPlainHttp)
                throw new ArgumentException($"Silo:HttpUrl {HttpUrl} is plain HTTP: use https:// or set Security:AllowPlainHttp=true (loopback only).");
            if (!(url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
                throw new ArgumentException($"Silo:HttpUrl {HttpUrl}: plain HTTP is served on loopback addresses only.");
        }
        return url;
    }

    /// <summary>Short flags for the command line, e.g. <c>--node-name node-b --roles worker</c>.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--postgres"] = "Postgres:ConnectionString",
        ["--cluster-id"] = "Cluster:Id",
        ["--node-name"] = "Silo:NodeName",
        ["--roles"] = "Silo:Roles",
        ["--bind-address"] = "Silo:BindAddress",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--http-url"] = "Silo:HttpUrl",
        ["--log-format"] = "Logging:Format",
        ["--pki-dir"] = "Security:PkiDir",
        ["--token-auth-file"] = "Security:TokenAuthFile",
        ["--audit-log-path"] = "Security:AuditLogPath",
        ["--audit-policy-file"] = "Security:AuditPolicyFile",
    };

    public static SiloSettings From(IConfiguration configuration)
    {
        var silo = configuration.GetSection("Silo");
        var defaults = new SiloSettings();
        var roles = (silo["Roles"] ?? "api,worker")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant())
            .ToHashSet();
        var unknown = roles.Except([SiloRoles.Api, SiloRoles.Worker]).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Silo:Roles has unknown role(s) {string.Join(", ", unknown)}; use api and/or worker.");

        return new SiloSettings
        {
            PostgresConnectionString = configuration["Postgres:ConnectionString"] ?? "",
            PostgresStartupTimeout = TimeSpan.FromSeconds(configuration.GetValue("Postgres:StartupTimeoutSeconds", defaults.PostgresStartupTimeout.TotalSeconds)),
            ClusterId = configuration["Cluster:Id"] ?? defaults.ClusterId,
            ServiceId = configuration["Cluster:ServiceId"] ?? defaults.ServiceId,
            NodeName = silo["NodeName"] is { Length: > 0 } name ? name : defaults.NodeName,
            Roles = roles,
            BindAddress = silo["BindAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : defaults.BindAddress,
            SiloPort = silo.GetValue("SiloPort", defaults.SiloPort),
            GatewayPort = silo.GetValue("GatewayPort", defaults.GatewayPort),
            HttpUrl = silo["HttpUrl"] ?? (roles.Contains(SiloRoles.Api) ? defaults.HttpUrl : "https://127.0.0.1:0"),
            AllowPlainHttp = configuration.GetValue("Security:AllowPlainHttp", false),
            Security = new Orleans.Kube.Api.Security.SecurityOptions
            {
                PkiDir = configuration["Security:PkiDir"] is { Length: > 0 } pki ? pki
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".okube", "pki"),
                TokenAuthFile = configuration["Security:TokenAuthFile"] ?? "",
                AuditLogPath = configuration["Security:AuditLogPath"] ?? "",
                AuditPolicyFile = configuration["Security:AuditPolicyFile"] ?? "",
                ClusterTls = configuration.GetValue("Security:ClusterTls", true),
            },
            Membership = configuration.GetSection("Membership").Get<MembershipTimings>() ?? new(),
            SecretEncryptionKey = configuration["Secrets:EncryptionKey"],
            SecretKeyFile = configuration["Secrets:KeyFile"] is { Length: > 0 } keyFile ? keyFile : defaults.SecretKeyFile,
        };
    }
}

public static class SiloRoles
{
    public const string Api = "api";
    public const string Worker = "worker";
}

/// <summary>
/// Failure-detection timings. Defaults suit a loopback or LAN cluster: a killed silo refuses
/// connections at once, so two missed one-second probes declare it dead within a few seconds.
/// </summary>
public sealed class MembershipTimings
{
    public double ProbeTimeoutSeconds { get; init; } = 1;
    public int NumMissedProbesLimit { get; init; } = 2;
    public int NumVotesForDeathDeclaration { get; init; } = 1;
    public double TableRefreshTimeoutSeconds { get; init; } = 5;
    public double IAmAliveTablePublishTimeoutSeconds { get; init; } = 5;
    /// <summary>How long a starting silo keeps trying to reach the active ones before it gives up (Orleans' default).</summary>
    public double MaxJoinAttemptTimeSeconds { get; init; } = 300;
}
