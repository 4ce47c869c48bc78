using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube's audit log backend: one audit.k8s.io/v1 Event per request (stage ResponseComplete) as a
/// JSON line, appended by a background writer so requests never wait on the disk.
/// </summary>
public sealed class AuditLog(string path, AuditPolicy policy) : BackgroundService
{
    private const int MaxRequestObjectBytes = 64 * 1024;
    private readonly Channel<string> lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private const string AnnotationsKey = "okube.audit-annotations";

    /// <summary>Adds annotations (admission's, as kube's audit annotations) to the request's audit event.</summary>
    public static void Annotate(HttpContext http, IReadOnlyDictionary<string, string> annotations)
    {
        if (http.Items[AnnotationsKey] is not Dictionary<string, string> all)
            http.Items[AnnotationsKey] = all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
            all[key] = value;
    }

    /// <summary>Runs the rest of the pipeline and records the request at the policy's level.</summary>
    public async Task RecordAsync(HttpContext http, RequestAttributes request, UserInfo? impersonator, Func<Task> next)
    {
        var level = policy.LevelOf(request);
        if (level == AuditLevel.None)
        {
            await next();
            return;
        }
        var received = DateTimeOffset.UtcNow;
        string? body = null;
        if (level >= AuditLevel.Request && http.Request.ContentLength is > 0 and <= MaxRequestObjectBytes)
        {
            http.Request.EnableBuffering();
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync(http.RequestAborted);
            http.Request.Body.Position = 0;
        }
        try
        {
            await next();
        }
        finally
        {
            lines.Writer.TryWrite(Event(http, request, impersonator, level, received, body).ToJsonString());
        }
    }

    private static JsonObject Event(HttpContext http, RequestAttributes request, UserInfo? impersonator, AuditLevel level, DateTimeOffset received, string? body)
    {
        var acting = request.User;
        var e = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = level.ToString(),
            ["auditID"] = Guid.NewGuid().ToString(),
            ["stage"] = "ResponseComplete",
            ["requestURI"] = http.Request.Path.Value + http.Request.QueryString.Value,
            ["verb"] = request.Verb,
            ["user"] = User(impersonator ?? acting),
            ["sourceIPs"] = new JsonArray(http.Connection.RemoteIpAddress?.ToString() ?? ""),
            ["userAgent"] = http.Request.Headers.UserAgent.ToString(),
        };
        if (impersonator is not null)
            e["impersonatedUser"] = User(acting);
        if (request.IsResourceRequest)
        {
            var objectRef = new JsonObject { ["resource"] = request.Resource };
            if (request.Namespace.Length > 0)
                objectRef["namespace"] = request.Namespace;
            if (request.Name.Length > 0)
                objectRef["name"] = request.Name;
            objectRef["apiGroup"] = request.ApiGroup;
            objectRef["apiVersion"] = request.ApiVersion;
            if (request.Subresource.Length > 0)
                objectRef["subresource"] = request.Subresource;
            e["objectRef"] = objectRef;
        }
        e["responseStatus"] = new JsonObject { ["metadata"] = new JsonObject(), ["code"] = http.Response.StatusCode };
        if (body is not null && TryParse(body) is { } requestObject)
            e["requestObject"] = requestObject;
        e["requestReceivedTimestamp"] = received.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        e["stageTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        var annotations = new JsonObject { ["authorization.k8s.io/decision"] = http.Response.StatusCode == 403 ? "forbid" : "allow" };
        if (http.Items[AnnotationsKey] is Dictionary<string, string> added)
            foreach (var (key, value) in added)
                annotations[key] = value;
        e["annotations"] = annotations;
        return e;
    }

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject User(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
            json["uid"] = user.Uid;
        json["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode)g).ToArray());
        if (user.Extra.Count > 0)
            json["extra"] = new JsonObject(user.Extra.Select(x => KeyValuePair.Create(x.Key, (JsonNode?)new JsonArray(x.Value.Select(v => (JsonNode)v).ToArray()))));
        return json;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = new FileStream(path, PrivateFile.Options(FileMode.Append));
        await using var writer = new StreamWriter(file, new UTF8Encoding(false));
        try
        {
            while (await lines.Reader.WaitToReadAsync(stoppingToken))
            {
                while (lines.Reader.TryRead(out var line))
                    await writer.WriteLineAsync(line);
                await writer.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (lines.Reader.TryRead(out var line))
                await writer.WriteLineAsync(line);
        }
    }
}
