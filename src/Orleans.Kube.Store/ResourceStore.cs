using Npgsql;
using NpgsqlTypes;

namespace Orleans.Kube.Store;

/// <summary>
/// The PostgreSQL resource store. Each object is written only by its own grain; every write takes
/// one advisory lock so revisions commit in order and a watch tailing the log never sees a gap
/// that later fills in. Bodies of secret-bearing resources are sealed by the cipher on the way in
/// and opened on the way out, so PostgreSQL never holds them in plain text.
/// </summary>
public sealed class ResourceStore(NpgsqlDataSource db, ResourceCipher cipher) : IResourceStore
{
    public const string NotifyChannel = "okube_resources";
    private const long WriteLockKey = 0x6F6B7772; // "okwr"
    private readonly GroupCommit commits = new(db, WriteLockKey, NotifyChannel);

    public async Task<StoredObject?> GetAsync(string resource, string ns, string name, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("get");
        await using var command = db.CreateCommand(
            "SELECT revision, body FROM okube_resources WHERE resource = $1 AND namespace = $2 AND name = $3");
        command.Parameters.Add(new() { Value = resource });
        command.Parameters.Add(new() { Value = ns });
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new StoredObject(resource, ns, name, reader.GetInt64(0), cipher.Unprotect(resource, reader.GetString(1))) : null;
    }

    /// <summary>
    /// Writes a new revision if the stored one is still <paramref name="expectedRevision"/>
    /// (0: the object must not exist yet). Returns the new revision.
    /// </summary>
    public async Task<long> PutAsync(string resource, string ns, string name, string body, long expectedRevision,
        IReadOnlyList<string> ownerUids, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("put");
        const string sql = """
            WITH current AS (
                SELECT revision FROM okube_resources WHERE resource = $1 AND namespace = $2 AND name = $3),
            logged AS (
                INSERT INTO okube_resource_log (resource, namespace, name, event, body)
                SELECT $1, $2, $3, CASE WHEN EXISTS (SELECT 1 FROM current) THEN 'M' ELSE 'A' END, $4
                WHERE coalesce((SELECT revision FROM current), 0) = $5
                RETURNING revision)
            INSERT INTO okube_resources (resource, namespace, name, revision, owner_uids, body)
            SELECT $1, $2, $3, revision, $6, $4 FROM logged
            ON CONFLICT (resource, namespace, name)
            DO UPDATE SET revision = excluded.revision, owner_uids = excluded.owner_uids, body = excluded.body
            RETURNING revision
            """;
        return await WriteLockedAsync(sql, [resource, ns, name, cipher.Protect(resource, body), expectedRevision, ownerUids.ToArray()],
            $"{resource} {ns}/{name} changed since revision {expectedRevision}", ct);
    }

    /// <summary>Removes the object, logging a tombstone that carries its last state. Returns the tombstone's revision.</summary>
    public async Task<long> DeleteAsync(string resource, string ns, string name, string lastBody, long expectedRevision,
        CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("delete");
        const string sql = """
            WITH removed AS (
                DELETE FROM okube_resources WHERE resource = $1 AND namespace = $2 AND name = $3 AND revision = $5
                RETURNING 1)
            INSERT INTO okube_resource_log (resource, namespace, name, event, body)
            SELECT $1, $2, $3, 'D', $4 FROM removed
            RETURNING revision
            """;
        return await WriteLockedAsync(sql, [resource, ns, name, cipher.Protect(resource, lastBody), expectedRevision],
            $"{resource} {ns}/{name} changed since revision {expectedRevision}", ct);
    }

    private async Task<long> WriteLockedAsync(string sql, object[] parameters, string conflictMessage, CancellationToken ct) =>
        await commits.WriteAsync(sql, parameters).WaitAsync(ct) ?? throw new StoreConflictException(conflictMessage);

    /// <summary>Live objects of one resource (all namespaces when <paramref name="ns"/> is null), and the revision the list is current at.</summary>
    public Task<(IReadOnlyList<StoredObject> Items, long Revision)> ListAsync(string resource, string? ns, CancellationToken ct = default) =>
        ListPageAsync(resource, ns, after: null, limit: null, ct);

    /// <summary>
    /// Like <see cref="ListAsync"/>, but only the first <paramref name="limit"/> objects (null: all)
    /// whose (namespace, name) sorts after <paramref name="after"/> (null: from the start).
    /// </summary>
    public async Task<(IReadOnlyList<StoredObject> Items, long Revision)> ListPageAsync(string resource, string? ns,
        (string Namespace, string Name)? after, int? limit, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("list");
        await using var connection = await db.OpenConnectionAsync(ct);
        // One snapshot for the rows and the revision, so a watch from that revision misses nothing.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        // The whole primary key in the row comparison lets the index range scan start at the key.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT namespace, name, revision, body FROM okube_resources
            WHERE resource = $1 AND ($2::text IS NULL OR namespace = $2)
            {(after is null ? "" : "AND (resource, namespace, name) > ($1, $3, $4)")}
            ORDER BY namespace, name
            LIMIT {(limit is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ALL")}
            """, connection, transaction);
        command.Parameters.Add(new() { Value = resource });
        command.Parameters.Add(new() { Value = (object?)ns ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (after is { } key)
        {
            command.Parameters.Add(new() { Value = key.Namespace });
            command.Parameters.Add(new() { Value = key.Name });
        }
        var items = new List<StoredObject>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new StoredObject(resource, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), cipher.Unprotect(resource, reader.GetString(3))));
        var revision = await CurrentRevisionAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return (items, revision);
    }

    /// <summary>Objects in <paramref name="ns"/> (any resource) whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListDependentsAsync(string ownerUid, string ns, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("list_dependents");
        await using var command = db.CreateCommand(
            "SELECT resource, namespace, name, revision, body FROM okube_resources WHERE owner_uids @> ARRAY[$1] AND namespace = $2");
        command.Parameters.Add(new() { Value = ownerUid });
        command.Parameters.Add(new() { Value = ns });
        return await ReadObjectsAsync(command, ct);
    }

    /// <summary>Every live object in a namespace, of any resource (for namespace deletion).</summary>
    public async Task<IReadOnlyList<StoredObject>> ListNamespaceContentsAsync(string ns, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("list_namespace");
        await using var command = db.CreateCommand(
            "SELECT resource, namespace, name, revision, body FROM okube_resources WHERE namespace = $1");
        command.Parameters.Add(new() { Value = ns });
        return await ReadObjectsAsync(command, ct);
    }

    /// <summary>Live pods bound to <paramref name="nodeName"/> (spec.nodeName), through the node index.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListPodsOnNodeAsync(string nodeName, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("list_node_pods");
        await using var command = db.CreateCommand(
            "SELECT resource, namespace, name, revision, body FROM okube_resources WHERE node_name = $1 AND resource = 'pods' ORDER BY namespace, name");
        command.Parameters.Add(new() { Value = nodeName });
        return await ReadObjectsAsync(command, ct);
    }

    /// <summary>Log rows with <paramref name="after"/> &lt; revision &lt;= <paramref name="upTo"/>, oldest first.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadLogAsync(long after, long upTo, int limit, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("read_log");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var compacted = await CompactedRevisionAsync(connection, transaction, ct);
        if (after < compacted)
            throw new RevisionCompactedException(after, compacted);
        await using var command = new NpgsqlCommand(
            """
            SELECT revision, event, resource, namespace, name, body FROM okube_resource_log
            WHERE revision > $1 AND revision <= $2 ORDER BY revision LIMIT $3
            """, connection, transaction);
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = upTo });
        command.Parameters.Add(new() { Value = limit });
        var events = new List<StoredEvent>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var revision = reader.GetInt64(0);
                var resource = reader.GetString(2);
                var type = reader.GetChar(1) switch { 'A' => WatchEventType.Added, 'M' => WatchEventType.Modified, _ => WatchEventType.Deleted };
                events.Add(new StoredEvent(revision, type,
                    new StoredObject(resource, reader.GetString(3), reader.GetString(4), revision, cipher.Unprotect(resource, reader.GetString(5)))));
            }
        await transaction.CommitAsync(ct);
        return events;
    }

    public async Task<long> CurrentRevisionAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await CurrentRevisionAsync(connection, null, ct);
    }

    public async Task<long> CompactedRevisionAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await CompactedRevisionAsync(connection, null, ct);
    }

    /// <summary>
    /// Drops log rows older than <paramref name="retention"/>, always keeping the newest
    /// <paramref name="keepAtLeast"/> revisions. Returns the new compacted revision.
    /// </summary>
    public async Task<long> CompactAsync(TimeSpan retention, long keepAtLeast, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            WITH target AS (
                SELECT least(
                    coalesce((SELECT max(revision) FROM okube_resource_log WHERE written_at < now() - $1::interval), 0),
                    coalesce((SELECT max(revision) FROM okube_resource_log), 0) - $2) AS revision),
            moved AS (
                UPDATE okube_compaction SET compacted_revision = greatest(compacted_revision, (SELECT revision FROM target))
                WHERE id = 1 RETURNING compacted_revision),
            dropped AS (
                DELETE FROM okube_resource_log WHERE revision <= (SELECT revision FROM target) RETURNING 1)
            SELECT compacted_revision FROM moved
            """);
        command.Parameters.Add(new() { Value = retention });
        command.Parameters.Add(new() { Value = keepAtLeast });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CurrentRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(revision), 0) FROM okube_resource_log", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CompactedRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT compacted_revision FROM okube_compaction WHERE id = 1", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<IReadOnlyList<StoredObject>> ReadObjectsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var items = new List<StoredObject>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var resource = reader.GetString(0);
            items.Add(new StoredObject(resource, reader.GetString(1), reader.GetString(2), reader.GetInt64(3), cipher.Unprotect(resource, reader.GetString(4))));
        }
        return items;
    }
}
