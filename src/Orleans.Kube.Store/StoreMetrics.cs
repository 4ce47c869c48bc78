using Prometheus;

namespace Orleans.Kube.Store;

/// <summary>
/// The resource store's requests to PostgreSQL (kube-apiserver's etcd_request_duration_seconds has the
/// same role) and the newest revision this silo's watch hub has delivered.
/// </summary>
public static class StoreMetrics
{
    public static readonly Histogram RequestDuration = Metrics.CreateHistogram(
        "okube_store_request_duration_seconds", "Resource store request latency in seconds, by operation.",
        new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 15) });

    /// <summary>Transactions of the group commit: writes per commit is put+delete over this.</summary>
    public static readonly Counter Commits = Metrics.CreateCounter(
        "okube_store_commits_total", "Write transactions the resource store committed (each carries up to 64 writes).");

    public static readonly Gauge WatchRevision = Metrics.CreateGauge(
        "okube_store_watch_revision", "The newest revision the watch hub of this silo has delivered.");

    public static readonly Counter CacheReads = Metrics.CreateCounter(
        "okube_watch_cache_reads_total", "Reads asked of this silo's watch cache: served, or left to PostgreSQL because it did not catch up in time.",
        new CounterConfiguration { LabelNames = ["result"] });

    public static readonly Gauge CachedObjects = Metrics.CreateGauge(
        "okube_watch_cache_objects", "Objects held by this silo's watch cache, by resource.", new GaugeConfiguration { LabelNames = ["resource"] });

    public static Prometheus.ITimer Time(string operation) => RequestDuration.WithLabels(operation).NewTimer();
}
