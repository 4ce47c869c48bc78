using Orleans.Kube.Model;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling;

/// <summary>A nodeSelectorTerm: its matchExpressions and matchFields must all hold (ANDed).</summary>
internal sealed class NodeSelectorTerm
{
    private readonly NodeSelectorRequirement[] requirements;
    private readonly bool valid;

    private NodeSelectorTerm(NodeSelectorRequirement[] requirements, bool valid)
    {
        this.requirements = requirements;
        this.valid = valid;
    }

    public static NodeSelectorTerm Parse(JsonObject? term)
    {
        var requirements = new List<NodeSelectorRequirement>();
        var valid = true;
        foreach (var (property, isField) in new[] { ("matchExpressions", false), ("matchFields", true) })
        {
            foreach (var expression in JsonFields.Objects(JsonFields.Arr(term, property)))
            {
                var values = JsonFields.Arr(expression, "values")?.Select(v => JsonFields.Scalar(v)).OfType<string>().ToArray() ?? [];
                var requirement = NodeSelectorRequirement.Create(JsonFields.Scalar(expression, "key"), JsonFields.Scalar(expression, "operator"), values, isField);
                if (requirement is null) valid = false;
                else requirements.Add(requirement);
            }
        }
        // kube: an empty term matches no node.
        return new NodeSelectorTerm([.. requirements], valid && requirements.Count > 0);
    }

    public bool Matches(NodeSnapshot node)
    {
        if (!valid) return false;
        foreach (var requirement in requirements)
            if (!requirement.Matches(node)) return false;
        return true;
    }
}
