using Orleans.Kube.Store;

namespace Orleans.Kube.Grains.Tests;

/// <summary>Pool values held by owners, in memory: one owner per value, as in PostgreSQL.</summary>
public sealed class InMemoryAllocationStore : IAllocationStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Pool, long Value), string> owners = [];

    public Task<long?> AllocateAsync(AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct = default)
    {
        lock (gate)
        {
            for (var value = pool.First; value <= pool.Last; value++)
                if (owners.TryAdd((pool.Name, value), ownerUid))
                    return Task.FromResult<long?>(value);
            return Task.FromResult<long?>(null);
        }
    }

    public Task<bool> ReserveAsync(AllocationPool pool, long value, string ownerResource, string ownerUid, CancellationToken ct = default)
    {
        lock (gate)
            return Task.FromResult(owners.TryAdd((pool.Name, value), ownerUid) || owners[(pool.Name, value)] == ownerUid);
    }

    public Task<IReadOnlyList<long>> HeldAsync(AllocationPool pool, string ownerUid, CancellationToken ct = default)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<long>>(owners.Where(o => o.Key.Pool == pool.Name && o.Value == ownerUid).Select(o => o.Key.Value).Order().ToList());
    }

    public Task ReleaseExceptAsync(AllocationPool pool, string ownerUid, IReadOnlyCollection<long> keep, CancellationToken ct = default) =>
        Release(o => o.Key.Pool == pool.Name && o.Value == ownerUid && !keep.Contains(o.Key.Value));

    public Task ReleaseAllAsync(string ownerUid, CancellationToken ct = default) => Release(o => o.Value == ownerUid);

    private Task Release(Func<KeyValuePair<(string Pool, long Value), string>, bool> which)
    {
        lock (gate)
            foreach (var key in owners.Where(which).Select(o => o.Key).ToList())
                owners.Remove(key);
        return Task.CompletedTask;
    }
}
