using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>Resolves maxSurge / maxUnavailable ("25%" or 1) against a replica count, rounding like kube.</summary>
public static class IntOrPercentValue
{
    public static int Resolve(JsonNode? value, int total, bool roundUp)
    {
        if (value is JsonValue v && v.TryGetValue<int>(out var number))
            return number;
        var text = value?.GetValue<string>() ?? "0";
        if (text.EndsWith('%') && int.TryParse(text[..^1], out var percent))
        {
            var exact = percent * total / 100.0;
            return roundUp ? (int)Math.Ceiling(exact) : (int)Math.Floor(exact);
        }
        return int.TryParse(text, out var parsed) ? parsed : 0;
    }
}
