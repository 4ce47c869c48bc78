using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>
/// An HTTP watch: newline-delimited {"type","object"} events from the hub's gap-free feed, as
/// Tables when asked, with BOOKMARK events while idle and a 410 ERROR event when the asked
/// resourceVersion was compacted away.
/// </summary>
internal sealed class WatchStreamer(ResourceWatchHub hub)
{
    private static readonly TimeSpan BookmarkEvery = TimeSpan.FromSeconds(10);

    public async Task StreamAsync(HttpContext http, ListQuery query)
    {
        var request = http.Request;
        var response = http.Response;
        var table = TableWriter.Wants(request);
        var bookmarks = QueryParameters.Flag(request, "allowWatchBookmarks");
        var timeout = int.TryParse(request.Query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        var ct = cts.Token;
        long.TryParse(request.Query["resourceVersion"], out var from);

        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.Body.FlushAsync(ct);
        var firstTable = true;

        async Task Send(string type, JsonObject obj)
        {
            JsonNode payload = obj;
            if (table && type is not ("BOOKMARK" or "ERROR"))
            {
                payload = TableWriter.Table(query.Kind, [obj], TableWriter.MetadataOf(obj), request, withColumns: firstTable);
                firstTable = false;
            }
            else if (type is not ("BOOKMARK" or "ERROR"))
                payload = query.Kind.Served(obj);
            var line = KubeJson.Write(new JsonObject { ["type"] = type, ["object"] = payload }) + "\n";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
            await response.Body.FlushAsync(ct);
        }

        // The feed is pumped into a channel so that an idle watch can still send bookmarks.
        var events = Channel.CreateBounded<StoredEvent>(1000);
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in hub.WatchAsync(query.Kind.GroupResource, query.Namespace, from, ct))
                    await events.Writer.WriteAsync(e, ct);
                events.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                events.Writer.TryComplete(ex);
            }
        }, ct);

        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(BookmarkEvery);
                try
                {
                    if (!await events.Reader.WaitToReadAsync(idle.Token))
                        break;
                    while (events.Reader.TryRead(out var e))
                    {
                        var obj = KubeJson.WithResourceVersion(e.Object.Body, e.Revision);
                        if (query.Matches(obj))
                            await Send(e.Type switch { WatchEventType.Added => "ADDED", WatchEventType.Modified => "MODIFIED", _ => "DELETED" }, obj);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (bookmarks)
                        await Send("BOOKMARK", new JsonObject
                        {
                            ["kind"] = query.Kind.Kind,
                            ["apiVersion"] = query.Kind.ApiVersion,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = hub.Position.ToString() },
                        });
                }
            }
        }
        catch (RevisionCompactedException ex)
        {
            await Send("ERROR", KubeJson.ParseObject(StatusErrors.Expired(ex.Message)));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or the watch timed out: both end the stream normally.
        }
        await cts.CancelAsync();
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
