using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Printing;

/// <summary>layoutContainerCells: container names and images of a pod spec, each comma-joined in spec order.</summary>
internal static class ContainerCells
{
    public static (string Names, string Images) Layout(JsonNode? podSpec)
    {
        var containers = JsonFields.Objects(podSpec, "containers").ToList();
        return (string.Join(",", containers.Select(c => JsonFields.Text(c, "name"))),
            string.Join(",", containers.Select(c => JsonFields.Text(c, "image"))));
    }
}
