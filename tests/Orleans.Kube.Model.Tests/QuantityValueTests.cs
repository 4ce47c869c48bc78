namespace Orleans.Kube.Model.Tests;

/// <summary>The rounded-up integer views the scheduler, quotas and the node agent read.</summary>
[Trait("Category", "Unit")]
public sealed class QuantityValueTests
{
    [Theory]
    [InlineData("100m", 100)]
    [InlineData("0.5", 500)]
    [InlineData("1", 1000)]
    [InlineData("2.25", 2250)]
    [InlineData("1500u", 2)]
    [InlineData("1e3", 1_000_000)]
    [InlineData("+3", 3000)]
    public void Cpu_quantities_become_millicores_rounded_up(string text, long expected)
    {
        Assert.Equal(expected, Quantity.ParseMilli(text));
    }

    [Theory]
    [InlineData("128Mi", 134_217_728)]
    [InlineData("1Gi", 1_073_741_824)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("500M", 500_000_000)]
    [InlineData("64Ki", 65_536)]
    [InlineData("1k", 1000)]
    [InlineData("1024", 1024)]
    [InlineData("1.5Gi", 1_610_612_736)]
    [InlineData("5E-1", 1)]
    [InlineData("1T", 1_000_000_000_000)]
    public void Memory_quantities_become_bytes_rounded_up(string text, long expected)
    {
        Assert.Equal(expected, Quantity.ParseValue(text));
    }

    [Fact]
    public void The_exa_suffix_is_not_mistaken_for_an_exponent()
    {
        Assert.Equal(2_000_000_000_000_000_000L, Quantity.ParseValue("2E"));
    }

    [Fact]
    public void Values_beyond_long_saturate_instead_of_wrapping()
    {
        Assert.Equal(long.MaxValue, Quantity.ParseMilli("16Ei"));
    }

    [Fact]
    public void An_exponent_too_large_to_expand_is_refused()
    {
        Assert.False(Quantity.TryParse("1e999999999", out _, out var error));
        Assert.Equal(Quantity.SuffixError, error);
        Assert.Equal(long.MaxValue, Quantity.ParseValue("1e1000"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Xi")]
    [InlineData("1 Gi")]
    public void Malformed_quantities_are_rejected(string text)
    {
        Assert.False(Quantity.TryParse(text, out _, out _));
        Assert.Throws<FormatException>(() => Quantity.ParseValue(text));
    }
}
