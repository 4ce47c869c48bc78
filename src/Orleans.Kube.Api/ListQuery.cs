using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>The selection a list, watch or deletecollection request asks for.</summary>
internal sealed record ListQuery(ResourceKind Kind, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    /// <summary>
    /// Throws <see cref="SelectorException"/> on a malformed selector or a field the kind cannot be
    /// selected by, and <see cref="RequestRejectedException"/> on bad list options.
    /// </summary>
    public static ListQuery From(ApiPath path, HttpRequest request, bool watch)
    {
        var fields = FieldSelector.Parse(request.Query["fieldSelector"].ToString());
        FieldLabels.Check(path.Kind!.Kind, fields);
        var query = new ListQuery(path.Kind!, path.Namespace, LabelSelector.Parse(request.Query["labelSelector"].ToString()), fields);
        ListOptionsQuery.Check(request, watch);
        return query;
    }

    public bool Matches(StoredObject stored) =>
        stored.Resource == Kind.GroupResource && (Namespace is null || stored.Namespace == Namespace);

    public bool Matches(JsonObject obj) => Labels.Matches(obj) && Fields.Matches(obj);

    public bool SelectsEverything => Labels.IsEverything && Fields.IsEverything;

    /// <summary>The node a pod list is narrowed to by <c>spec.nodeName=X</c>: the store's node index serves it.</summary>
    public string? PodNodeName
    {
        get
        {
            if (Kind.GroupResource != ResourceKinds.Pod.GroupResource)
                return null;
            foreach (var (path, op, value) in Fields.Requirements)
                if (path == "spec.nodeName" && op == "=" && value.Length > 0)
                    return value;
            return null;
        }
    }
}
