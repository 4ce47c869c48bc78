using System.Collections.Concurrent;
using System.Net;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Proxy;

/// <summary>
/// The backends of one service port and the choice among them. The backend set is swapped
/// whole when endpoints change, so picks never see a half-updated set; connection counts and
/// ClientIP affinity survive the swap for backends that stay.
/// </summary>
public sealed class BackendPool
{
    private readonly ConcurrentDictionary<Backend, int> active = new();
    private readonly ConcurrentDictionary<IPAddress, (Backend Backend, DateTime Expires)> affinity = new();
    private volatile Settings settings = new([], Scheduling.RoundRobin, null);
    private long next;

    private sealed record Settings(Backend[] Backends, Scheduling Scheduling, TimeSpan? Affinity);

    public IReadOnlyList<Backend> Backends => settings.Backends;

    public void Update(IEnumerable<Backend> backends, Scheduling scheduling, TimeSpan? clientIpAffinity)
    {
        var sorted = backends.Distinct().OrderBy(b => b.ToString(), StringComparer.Ordinal).ToArray();
        settings = new Settings(sorted, scheduling, clientIpAffinity);
        foreach (var gone in affinity.Where(a => !sorted.Contains(a.Value.Backend)).Select(a => a.Key).ToList())
            affinity.TryRemove(gone, out _);
    }

    /// <summary>A backend for a new connection from <paramref name="client"/>, skipping those that already failed it; null when none is left.</summary>
    public Backend? Pick(IPAddress client, IReadOnlySet<Backend> failed)
    {
        var current = settings;
        var candidates = failed.Count == 0 ? current.Backends : current.Backends.Where(b => !failed.Contains(b)).ToArray();
        if (candidates.Length == 0)
            return null;
        var now = DateTime.UtcNow;
        if (current.Affinity is { } stickiness && affinity.TryGetValue(client, out var sticky) && sticky.Expires > now && candidates.Contains(sticky.Backend))
        {
            affinity[client] = (sticky.Backend, now + stickiness);
            return sticky.Backend;
        }
        var chosen = current.Scheduling switch
        {
            Scheduling.LeastConnection => LeastConnected(candidates),
            Scheduling.SourceHash => candidates[(int)((uint)StableHash(client) % (uint)candidates.Length)],
            _ => candidates[(int)((ulong)Interlocked.Increment(ref next) % (ulong)candidates.Length)],
        };
        if (current.Affinity is { } timeout)
            affinity[client] = (chosen, now + timeout);
        return chosen;
    }

    /// <summary>
    /// A backend that NetworkPolicy lets <paramref name="source"/> reach (the client's own address unless the caller
    /// re-originates the connection); denied backends join <paramref name="failed"/>, as a refusing one would.
    /// </summary>
    public Backend? PickAdmitted(IPAddress client, HashSet<Backend> failed, IConnectionPolicy policy, IPAddress? source = null)
    {
        while (Pick(client, failed) is { } backend)
        {
            if (policy.Allows(source ?? client, backend.Address, backend.Port))
                return backend;
            failed.Add(backend);
        }
        return null;
    }

    /// <summary>Counts a connection to <paramref name="backend"/> as active until disposed.</summary>
    public IDisposable Track(Backend backend)
    {
        active.AddOrUpdate(backend, 1, (_, n) => n + 1);
        return new Release(this, backend);
    }

    public int ActiveConnections(Backend backend) => active.GetValueOrDefault(backend);

    private Backend LeastConnected(Backend[] candidates)
    {
        // Ties rotate, so equal backends share new connections as round-robin would.
        var start = (int)((ulong)Interlocked.Increment(ref next) % (ulong)candidates.Length);
        var best = candidates[start];
        for (var i = 1; i < candidates.Length; i++)
        {
            var candidate = candidates[(start + i) % candidates.Length];
            if (ActiveConnections(candidate) < ActiveConnections(best))
                best = candidate;
        }
        return best;
    }

    private static int StableHash(IPAddress address)
    {
        var hash = 17;
        foreach (var b in address.GetAddressBytes())
            hash = unchecked(hash * 31 + b);
        return hash;
    }

    private sealed class Release(BackendPool pool, Backend backend) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                pool.active.AddOrUpdate(backend, 0, (_, n) => Math.Max(0, n - 1));
        }
    }
}
