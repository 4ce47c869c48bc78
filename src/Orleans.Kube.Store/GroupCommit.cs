using Npgsql;
using NpgsqlTypes;

namespace Orleans.Kube.Store;

/// <summary>
/// Group commit for the resource store's writes. Writes are serialised by one advisory lock held
/// until commit, so one write per transaction caps throughput at one write per commit (an fsync,
/// plus a lock hand-over between backends). Here the writes that queue up while one transaction
/// runs go together into the next: one lock, one NOTIFY, one commit. Revisions still commit in
/// order, and each write keeps its own optimistic check.
/// </summary>
internal sealed class GroupCommit(NpgsqlDataSource db, long lockKey, string notifyChannel)
{
    private const int MaxWrites = 64;
    private readonly Lock gate = new();
    private readonly Queue<Write> queue = new();
    private bool flushing;

    /// <summary>
    /// Runs <paramref name="sql"/> (which returns the new revision in its first column, or no
    /// row when its precondition fails) under the write lock; returns that revision or null.
    /// </summary>
    public Task<long?> WriteAsync(string sql, object[] parameters)
    {
        var write = new Write(sql, parameters);
        bool start;
        lock (gate)
        {
            queue.Enqueue(write);
            start = !flushing;
            flushing = true;
        }
        // The first writer to find no flush running starts one; it drains the queue, then ends.
        if (start)
            _ = Task.Run(FlushAsync);
        return write.Done.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            var batch = new List<Write>();
            lock (gate)
            {
                while (batch.Count < MaxWrites && queue.TryDequeue(out var write))
                    batch.Add(write);
                if (batch.Count == 0)
                {
                    flushing = false;
                    return;
                }
            }
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<Write> batch)
    {
        try
        {
            var revisions = await ExecuteAsync(batch);
            StoreMetrics.Commits.Inc();
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(revisions[i]);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // A failing statement aborts the whole transaction: retry alone so only its own writer sees the error.
            foreach (var write in batch)
                await CommitAsync([write]);
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    private async Task<long?[]> ExecuteAsync(List<Write> writes)
    {
        await using var batch = db.CreateBatch();
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
        lockCommand.Parameters.Add(new() { Value = lockKey });
        batch.BatchCommands.Add(lockCommand);
        foreach (var write in writes)
        {
            var command = new NpgsqlBatchCommand(write.Sql);
            foreach (var value in write.Parameters)
                command.Parameters.Add(value is string[] array
                    ? new NpgsqlParameter { Value = array, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text }
                    : new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{notifyChannel}', '')"));

        // A batch runs as one implicit transaction: the lock is held until the writes commit.
        var revisions = new long?[writes.Count];
        await using var reader = await batch.ExecuteReaderAsync();
        for (var i = 0; i < writes.Count; i++)
        {
            await reader.NextResultAsync();
            revisions[i] = await reader.ReadAsync() ? reader.GetInt64(0) : null;
        }
        while (await reader.NextResultAsync()) { }
        return revisions;
    }

    private sealed record Write(string Sql, object[] Parameters)
    {
        public TaskCompletionSource<long?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
