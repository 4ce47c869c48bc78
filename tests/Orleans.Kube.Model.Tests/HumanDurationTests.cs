using Orleans.Kube.Model.Printing;

namespace Orleans.Kube.Model.Tests;

public class HumanDurationTests
{
    private const long Minute = 60, Hour = 60 * Minute, Day = 24 * Hour, Year = 365 * Day;

    // Cases follow k8s.io/apimachinery/pkg/util/duration.HumanDuration and its unit tests.
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-1, "0s")]
    [InlineData(-2, "<invalid>")]
    [InlineData(5, "5s")]
    [InlineData(59, "59s")]
    [InlineData(60, "60s")]
    [InlineData(90, "90s")]
    [InlineData(119, "119s")]
    [InlineData(2 * Minute, "2m")]
    [InlineData(3 * Minute + 2, "3m2s")]
    [InlineData(9 * Minute + 59, "9m59s")]
    [InlineData(10 * Minute, "10m")]
    [InlineData(10 * Minute + 59, "10m")]
    [InlineData(179 * Minute, "179m")]
    [InlineData(3 * Hour, "3h")]
    [InlineData(5 * Hour, "5h")]
    [InlineData(5 * Hour + 30 * Minute + 10, "5h30m")]
    [InlineData(7 * Hour + 59 * Minute, "7h59m")]
    [InlineData(8 * Hour + 59 * Minute, "8h")]
    [InlineData(47 * Hour + 59 * Minute, "47h")]
    [InlineData(48 * Hour, "2d")]
    [InlineData(2 * Day + 3 * Hour, "2d3h")]
    [InlineData(7 * Day + 23 * Hour, "7d23h")]
    [InlineData(8 * Day, "8d")]
    [InlineData(10 * Day + 5 * Hour, "10d")]
    [InlineData(729 * Day, "729d")]
    [InlineData(2 * Year, "2y")]
    [InlineData(2 * Year + 10 * Day, "2y10d")]
    [InlineData(7 * Year + 364 * Day, "7y364d")]
    [InlineData(8 * Year, "8y")]
    [InlineData(8 * Year + 100 * Day, "8y")]
    [InlineData(25 * Year, "25y")]
    public void Durations_print_with_the_same_thresholds_as_apimachinery(long seconds, string expected) =>
        Assert.Equal(expected, TablePrinters.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Fractions_of_a_second_are_truncated_not_rounded() =>
        Assert.Equal("1s", TablePrinters.HumanDuration(TimeSpan.FromMilliseconds(1999)));

    [Fact]
    public void Clock_skew_under_two_seconds_reads_as_now() =>
        Assert.Equal("0s", TablePrinters.HumanDuration(TimeSpan.FromMilliseconds(-1999)));

    [Fact]
    public void Sub_minute_remainders_are_dropped_once_minutes_reach_ten() =>
        Assert.Equal("10m", TablePrinters.HumanDuration(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30)));
}
