namespace Orleans.Kube.Store;

/// <summary>
/// Pool values (ClusterIPs, NodePorts, pod IPs) held by owners: <see cref="AllocationStore"/> keeps them in
/// PostgreSQL so every silo sees one truth; grain tests use an in-memory one.
/// </summary>
public interface IAllocationStore
{
    /// <summary>Takes any free value of the pool for the owner; null when the pool is full.</summary>
    Task<long?> AllocateAsync(AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct = default);

    /// <summary>The owner's value of the pool if it holds one (the lowest), else a free one; null when the pool is full.</summary>
    async Task<long?> AcquireAsync(AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct = default) =>
        (await HeldAsync(pool, ownerUid, ct)) is [var held, ..] ? held : await AllocateAsync(pool, ownerResource, ownerUid, ct);

    /// <summary>Takes a requested value; true when it is now the owner's (also when it already was).</summary>
    Task<bool> ReserveAsync(AllocationPool pool, long value, string ownerResource, string ownerUid, CancellationToken ct = default);

    /// <summary>The values of the pool the owner holds.</summary>
    Task<IReadOnlyList<long>> HeldAsync(AllocationPool pool, string ownerUid, CancellationToken ct = default);

    /// <summary>Releases the owner's values of the pool that are not in <paramref name="keep"/>.</summary>
    Task ReleaseExceptAsync(AllocationPool pool, string ownerUid, IReadOnlyCollection<long> keep, CancellationToken ct = default);

    /// <summary>Releases everything the owner holds, in every pool.</summary>
    Task ReleaseAllAsync(string ownerUid, CancellationToken ct = default);
}
