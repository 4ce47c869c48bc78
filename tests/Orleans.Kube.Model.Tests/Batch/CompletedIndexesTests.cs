using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Tests.Batch;

public sealed class CompletedIndexesTests
{
    [Fact]
    public void Runs_are_compressed_and_read_back()
    {
        Assert.Equal("0-2,4,6-7", CompletedIndexes.Format([4, 0, 1, 2, 7, 6]));
        Assert.Equal([0, 1, 2, 4, 6, 7], CompletedIndexes.Parse("0-2,4,6-7"));
        Assert.Equal("", CompletedIndexes.Format([]));
        Assert.Empty(CompletedIndexes.Parse(null));
    }
}
