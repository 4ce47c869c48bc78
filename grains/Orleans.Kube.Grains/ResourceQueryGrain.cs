using System.Runtime.CompilerServices;
using Orleans.Concurrency;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

[StatelessWorker]
public sealed class ResourceQueryGrain(ResourceStore store, ResourceWatchHub hub) : Grain, IResourceQueryGrain
{
    async Task<ResourceList> IResourceQueryGrain.List(ResourceQuery query)
    {
        var matches = Matcher(query);
        var (items, revision) = await store.ListAsync(query.GroupResource, query.Namespace);
        var bodies = items.Select(i => KubeJson.WithResourceVersion(i.Body, i.Revision)).Where(matches).Select(KubeJson.Write).ToList();
        return new ResourceList(bodies, revision);
    }

    async IAsyncEnumerable<ResourceEvent> IResourceQueryGrain.Watch(ResourceQuery query, long fromRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var matches = Matcher(query);
        await foreach (var e in hub.WatchAsync(query.GroupResource, query.Namespace, fromRevision, cancellationToken))
        {
            var obj = KubeJson.WithResourceVersion(e.Object.Body, e.Revision);
            if (matches(obj))
                yield return new ResourceEvent(e.Type.ToString(), KubeJson.Write(obj), e.Revision);
        }
    }

    private static Func<System.Text.Json.Nodes.JsonObject, bool> Matcher(ResourceQuery query)
    {
        var labels = LabelSelector.Parse(query.LabelSelector);
        var fields = FieldSelector.Parse(query.FieldSelector);
        return obj => labels.Matches(obj) && fields.Matches(obj);
    }
}
