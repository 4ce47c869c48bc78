namespace Orleans.Kube.Silo;

/// <summary>
/// The silo's log format: text for a terminal (the default), or JSON lines for a log shipper
/// (`--log-format json`, `Logging:Format`): .NET's own JSON console formatter, with the scopes the
/// controllers and node agents open (grain, kind, object; node, pod) as fields.
/// </summary>
public static class SiloLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration["Logging:Format"] ?? "text";
        if (format == "text")
            return;
        if (format != "json")
            throw new ArgumentException($"Logging:Format must be text or json, not \"{format}\".");
        logging.ClearProviders();
        logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
    }
}
