using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>
/// A watch: newline-delimited {"type","object"} events from a resourceVersion on, without gaps:
/// the log is replayed up to where the hub's live feed starts, then the live feed follows.
/// </summary>
internal sealed class WatchStreamer(ResourceStore store, ResourceWatchHub hub)
{
    private static readonly TimeSpan BookmarkEvery = TimeSpan.FromSeconds(10);

    public async Task StreamAsync(HttpContext http, ListQuery query)
    {
        var request = http.Request;
        var response = http.Response;
        var table = TableWriter.Wants(request);
        var bookmarks = request.Query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(request.Query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        var ct = cts.Token;

        await hub.Started.WaitAsync(ct);
        var (start, live, subscription) = hub.Subscribe();
        using var _ = subscription;

        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.Body.FlushAsync(ct);
        var firstTable = true;

        async Task Send(string type, JsonObject obj)
        {
            JsonNode payload = obj;
            if (table && type != "BOOKMARK" && type != "ERROR")
            {
                payload = TableWriter.Table(query.Kind, [obj], obj.ResourceVersion() ?? "", request, withColumns: firstTable);
                firstTable = false;
            }
            var line = KubeJson.Write(new JsonObject { ["type"] = type, ["object"] = payload }) + "\n";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
            await response.Body.FlushAsync(ct);
        }

        try
        {
            long from;
            if (long.TryParse(request.Query["resourceVersion"], out var rv) && rv > 0)
                from = rv;
            else
            {
                // No resourceVersion: the current state as ADDED events, then changes.
                var (items, listRevision) = await store.ListAsync(query.Kind.GroupResource, query.Namespace, ct);
                foreach (var item in items)
                {
                    var obj = KubeJson.WithResourceVersion(item.Body, item.Revision);
                    if (query.Matches(obj))
                        await Send("ADDED", obj);
                }
                from = listRevision;
            }

            var replayed = from;
            while (replayed < start)
            {
                var page = await store.ReadLogAsync(replayed, start, 1000, ct);
                if (page.Count == 0)
                    break;
                foreach (var e in page)
                    await SendEvent(e);
                replayed = page[^1].Revision;
            }

            var lastBookmark = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(BookmarkEvery);
                try
                {
                    while (live.TryRead(out var e) || (await live.WaitToReadAsync(wait.Token) && live.TryRead(out e)))
                        if (e.Revision > from)
                            await SendEvent(e);
                    // The hub cut us off (completed without error means the subscription ended).
                    break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (bookmarks && DateTime.UtcNow - lastBookmark >= BookmarkEvery)
                    {
                        await Send("BOOKMARK", Bookmark(query.Kind, hub.Position));
                        lastBookmark = DateTime.UtcNow;
                    }
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

        async Task SendEvent(StoredEvent e)
        {
            if (!query.Matches(e.Object))
                return;
            var obj = KubeJson.WithResourceVersion(e.Object.Body, e.Revision);
            if (!query.Matches(obj))
                return;
            await Send(e.Type switch { WatchEventType.Added => "ADDED", WatchEventType.Modified => "MODIFIED", _ => "DELETED" }, obj);
        }
    }

    private static JsonObject Bookmark(ResourceKind kind, long revision) => new()
    {
        ["kind"] = kind.Kind,
        ["apiVersion"] = kind.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString() },
    };
}
