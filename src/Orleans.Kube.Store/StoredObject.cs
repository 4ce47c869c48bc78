namespace Orleans.Kube.Store;

/// <summary>One object as the store holds it. Revision is its resourceVersion.</summary>
public sealed record StoredObject(string Resource, string Namespace, string Name, long Revision, string Body);

public enum WatchEventType { Added, Modified, Deleted }

/// <summary>One row of the revision log, as a watch delivers it.</summary>
public sealed record StoredEvent(long Revision, WatchEventType Type, StoredObject Object);

/// <summary>The asked revision is older than the log keeps (HTTP 410 Gone, reason Expired).</summary>
public sealed class RevisionCompactedException(long requested, long compacted)
    : Exception($"too old resource version: {requested} ({compacted})")
{
    public long Compacted { get; } = compacted;
}

/// <summary>The object changed since the writer read it (a lost optimistic-concurrency race).</summary>
public sealed class StoreConflictException(string message) : Exception(message);
