namespace Orleans.Kube.Grains;

public static class StorageNames
{
    /// <summary>The ADO.NET grain storage on PostgreSQL that holds grain-private bookkeeping.</summary>
    public const string Default = "okube";
}
