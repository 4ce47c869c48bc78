using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// The namespaces and seeded objects the sweep aims at, and the store revision they had settled at:
/// every later write to the log that touches them is a change the sweep caused.
/// </summary>
public sealed class SweepTarget
{
    /// <summary>Longer than every controller's period (5 s), so a quiet store really has settled.</summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(6);
    private readonly string database;

    private SweepTarget(string database, string token)
    {
        this.database = database;
        Token = token;
    }

    /// <summary>Part of every namespace and cluster-scoped name the sweep uses.</summary>
    public string Token { get; }
    public string Namespace => $"sweep-{Token}";
    public string Other => $"sweep-other-{Token}";
    public string Missing => $"sweep-missing-{Token}";
    public long Watermark { get; private set; }

    public static async Task<SweepTarget> SeedAsync(HttpClient http, string apiUrl, string database, CancellationToken ct)
    {
        var target = new SweepTarget(database, Guid.NewGuid().ToString("N")[..8]);
        foreach (var ns in new[] { target.Namespace, target.Other })
            await CreateAsync(http, apiUrl + "/api/v1/namespaces",
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, ct);
        foreach (var kind in SweepKind.All)
            await CreateAsync(http, apiUrl + kind.Collection(target.Namespace), kind.Manifest(target.Namespace, kind.Seeded), ct);
        await Poll.UntilAsync(target.QuietSecondsAsync, quiet => quiet >= QuietFor.TotalSeconds, TimeSpan.FromSeconds(90),
            "the sweep's namespaces to settle", TimeSpan.FromSeconds(1));
        target.Watermark = await target.ScalarAsync<long>("SELECT coalesce(max(revision), 0) FROM okube_resource_log");
        return target;
    }

    /// <summary>Log rows written after the watermark that touch the sweep's namespaces or names.</summary>
    public async Task<IReadOnlyList<string>> ChangesAsync()
    {
        await using var db = NpgsqlDataSource.Create(database);
        await using var command = db.CreateCommand(
            $"SELECT revision, event, resource, namespace, name FROM okube_resource_log WHERE {Touches} AND revision > $3 ORDER BY revision");
        AddScope(command);
        command.Parameters.Add(new() { Value = Watermark });
        var changes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            changes.Add($"rev {reader.GetInt64(0)} {reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)}/{reader.GetString(4)}");
        return changes;
    }

    /// <summary>$1: the sweep's namespaces, $2: a pattern matching its cluster-scoped names.</summary>
    private const string Touches = "(namespace = ANY($1) OR (namespace = '' AND name ILIKE $2))";

    private Task<double> QuietSecondsAsync() =>
        ScalarAsync<double>($"SELECT coalesce(extract(epoch FROM now() - max(written_at))::float8, 0) FROM okube_resource_log WHERE {Touches}", scoped: true);

    private async Task<T> ScalarAsync<T>(string sql, bool scoped = false)
    {
        await using var db = NpgsqlDataSource.Create(database);
        await using var command = db.CreateCommand(sql);
        if (scoped)
            AddScope(command);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private void AddScope(NpgsqlCommand command)
    {
        command.Parameters.Add(new() { Value = new[] { Namespace, Other, Missing } });
        command.Parameters.Add(new() { Value = $"%{Token}%" });
    }

    private static async Task CreateAsync(HttpClient http, string url, JsonObject body, CancellationToken ct)
    {
        using var response = await http.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"seeding {url} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }
}
