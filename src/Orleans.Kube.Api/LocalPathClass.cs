using System.Text.Json.Nodes;

namespace Orleans.Kube.Api;

/// <summary>
/// The default StorageClass every cluster starts with: claims of it get a directory on the node their first pod is
/// scheduled to (WaitForFirstConsumer), made by that node's agent, deleted with the claim (reclaimPolicy Delete).
/// </summary>
internal static class LocalPathClass
{
    public const string Name = "local-path";

    public static JsonObject Body() => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject
        {
            ["name"] = Name,
            ["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" },
        },
        ["provisioner"] = "rancher.io/local-path",
        ["reclaimPolicy"] = "Delete",
        ["volumeBindingMode"] = "WaitForFirstConsumer",
    };
}
