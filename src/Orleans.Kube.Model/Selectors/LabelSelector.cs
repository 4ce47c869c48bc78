using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// A parsed label selector: the AND of its requirements, kept sorted by key like labels.internalSelector
/// so that <see cref="ToString"/> is canonical.
/// </summary>
public sealed class LabelSelector
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IEnumerable<LabelRequirement> requirements)
    {
        // Stable sort: requirements on the same key keep the order they were written in.
        _requirements = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Selects every object.</summary>
    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    /// <summary>
    /// Parses the kubectl <c>-l</c> / <c>?labelSelector=</c> syntax; null or blank selects everything.
    /// Throws <see cref="SelectorException"/> with kube's wording when the text is malformed.
    /// </summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrEmpty(text) ? Everything : new LabelSelector(LabelSelectorParser.Parse(text));

    /// <summary>
    /// metav1.LabelSelectorAsSelector for a <c>{matchLabels, matchExpressions}</c> object. A missing or
    /// empty selector selects everything (workload controllers rely on validation to refuse those).
    /// Throws <see cref="SelectorException"/> for unknown operators or invalid keys and values.
    /// </summary>
    public static LabelSelector FromLabelSelector(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        if (obj["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add(LabelRequirement.Create(key, LabelOperator.Equals, [Text(value)]));
            }
        }

        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var op = Text(expression["operator"]);
                var kind = op switch
                {
                    "In" => LabelOperator.In,
                    "NotIn" => LabelOperator.NotIn,
                    "Exists" => LabelOperator.Exists,
                    "DoesNotExist" => LabelOperator.DoesNotExist,
                    _ => throw new SelectorException($"\"{op}\" is not a valid label selector operator"),
                };
                var values = expression["values"] is JsonArray array ? array.Select(Text).ToList() : [];
                requirements.Add(LabelRequirement.Create(Text(expression["key"]), kind, values));
            }
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(requirements);
    }

    /// <summary>labels.SelectorFromSet: equality on every entry of a plain map such as a Service's spec.selector.</summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? Everything
            : new LabelSelector(labels.Select(l => LabelRequirement.Unchecked(l.Key, LabelOperator.Equals, [l.Value])));

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        var set = labels ?? NoLabels;
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(set))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Matches against the object's metadata.labels.</summary>
    public bool Matches(JsonObject obj)
    {
        if (IsEverything)
        {
            return true;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is not null)
                {
                    labels[key] = Text(value);
                }
            }
        }

        return Matches(labels);
    }

    /// <summary>The canonical form, e.g. <c>app=web,tier in (a,b),!legacy</c>; empty for everything.</summary>
    public override string ToString() => string.Join(',', _requirements);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
