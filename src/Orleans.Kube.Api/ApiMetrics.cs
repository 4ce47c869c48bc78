using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Orleans.Kube.Api;

/// <summary>
/// Request series under kube-apiserver's names and labels, so its dashboards and alerts apply:
/// apiserver_request_total by code, apiserver_request_duration_seconds (kube's buckets) for
/// short requests, and apiserver_longrunning_requests for watches and streams in flight.
/// </summary>
public static class ApiMetrics
{
    private static readonly string[] RequestLabels = ["verb", "group", "version", "resource", "subresource", "scope", "component"];
    private const string Component = "apiserver";

    private static readonly Counter Requests = Metrics.CreateCounter(
        "apiserver_request_total", "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.",
        [.. RequestLabels, "code"]);

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "apiserver_request_duration_seconds", "Response latency distribution in seconds for each verb, group, version, resource, subresource, scope and component.",
        new HistogramConfiguration
        {
            LabelNames = RequestLabels,
            Buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
        });

    private static readonly Gauge LongRunning = Metrics.CreateGauge(
        "apiserver_longrunning_requests", "Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.",
        RequestLabels);

    /// <summary>Runs <paramref name="handle"/> for a resource request and records it.</summary>
    public static async Task MeasureAsync(HttpContext http, ApiPath path, Func<Task> handle)
    {
        var verb = Verb(http.Request, path);
        string[] labels = [verb, path.Group, path.Version, path.Kind?.Plural ?? "", path.Subresource ?? "", Scope(path), Component];
        var longRunning = verb is "watch" or "connect" || (path.Subresource == "log" && http.Request.Query["follow"] == "true");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (longRunning)
            LongRunning.WithLabels(labels).Inc();
        try
        {
            await handle();
        }
        finally
        {
            if (longRunning)
                LongRunning.WithLabels(labels).Dec();
            else
                Duration.WithLabels(labels).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            Requests.WithLabels([.. labels, http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Inc();
        }
    }

    /// <summary>kube's RequestInfo verbs: list/get/watch, create, update, patch, delete/deletecollection, connect.</summary>
    public static string Verb(HttpRequest request, ApiPath path)
    {
        if (path.Subresource is "exec" or "attach" or "portforward" or "proxy")
            return "connect";
        var watch = request.Query["watch"].ToString() is "true" or "1";
        return request.Method switch
        {
            "GET" or "HEAD" => watch ? "watch" : path.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => path.Name is null ? "deletecollection" : "delete",
            _ => request.Method.ToLowerInvariant(),
        };
    }

    private static string Scope(ApiPath path) =>
        path.Name is not null ? "resource" : path.Namespace is not null ? "namespace" : "cluster";
}
