namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class ResourcesTests
{
    [Fact]
    public void Add_and_subtract_work_on_every_component()
    {
        var a = new Resources(1000, 2048, 3);
        var b = new Resources(250, 48, 1);

        Assert.Equal(new Resources(1250, 2096, 4), a.Add(b));
        Assert.Equal(new Resources(750, 2000, 2), a.Subtract(b));
        Assert.Equal(a, a.Add(b).Subtract(b));
    }

    [Fact]
    public void Max_takes_the_larger_value_per_component()
    {
        Assert.Equal(new Resources(500, 300, 2), new Resources(500, 100, 1).Max(new Resources(200, 300, 2)));
    }

    [Fact]
    public void Pods_defaults_to_zero()
    {
        Assert.Equal(0, new Resources(1, 2).Pods);
    }
}
