using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>What is wrong with an error answer: the code, or the meta/v1 Status body kubectl prints.</summary>
public static class FailureStatus
{
    /// <summary>Null when the answer is <paramref name="expected"/> with a proper Failure Status; otherwise why not.</summary>
    public static string? Problem(int expected, int actual, string body)
    {
        if (actual != expected)
            return $"got {actual}, expected {expected}: {Clip(body)}";
        JsonObject? status;
        try
        {
            status = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            status = null;
        }
        if (status is null)
            return $"body is not a JSON object: {Clip(body)}";
        var wrong = new List<string>();
        Expect(status, "kind", "Status", wrong);
        Expect(status, "apiVersion", "v1", wrong);
        Expect(status, "status", "Failure", wrong);
        if (status["message"] is not JsonValue message || !message.TryGetValue<string>(out var text) || text.Length == 0)
            wrong.Add("no message");
        if (status["code"] is not JsonValue code || !code.TryGetValue<int>(out var number) || number != actual)
            wrong.Add($"code {status["code"]?.ToJsonString() ?? "missing"} differs from HTTP {actual}");
        return wrong.Count == 0 ? null : $"{string.Join("; ", wrong)}: {Clip(body)}";
    }

    private static void Expect(JsonObject status, string field, string value, List<string> wrong)
    {
        if (status[field] is not JsonValue v || !v.TryGetValue<string>(out var actual) || actual != value)
            wrong.Add($"{field} is {status[field]?.ToJsonString() ?? "missing"}, not \"{value}\"");
    }

    private static string Clip(string body) => body.Length <= 300 ? body : body[..300] + "...";
}
