using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Tests.Batch;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static CronSchedule Parse(string spec, string? zone = null)
    {
        Assert.Null(CronSchedule.TryParse(spec, zone, out var schedule));
        return schedule;
    }

    [Fact]
    public void Every_minute_fires_on_the_next_whole_minute() =>
        Assert.Equal(Noon.AddMinutes(1), Parse("*/1 * * * *").Next(Noon.AddSeconds(1)));

    [Theory]
    [InlineData("@hourly", "2026-03-02T13:00:00Z")]
    [InlineData("@daily", "2026-03-03T00:00:00Z")]
    [InlineData("@midnight", "2026-03-03T00:00:00Z")]
    [InlineData("@weekly", "2026-03-08T00:00:00Z")]
    [InlineData("@monthly", "2026-04-01T00:00:00Z")]
    [InlineData("@yearly", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2027-01-01T00:00:00Z")]
    [InlineData("0 9 * * mon-fri", "2026-03-03T09:00:00Z")]
    public void Descriptors_and_names_follow_cron(string spec, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next), Parse(spec).Next(Noon));

    [Fact]
    public void Every_duration_counts_from_the_previous_time() =>
        Assert.Equal(Noon.AddSeconds(90), Parse("@every 1m30s").Next(Noon));

    [Fact]
    public void A_time_zone_moves_the_hour()
    {
        // 09:00 in Paris (UTC+1 in March before DST) is 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), Parse("0 9 * * *", "Europe/Paris").Next(Noon));
    }

    [Theory]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("@sometimes", "unrecognized descriptor: @sometimes")]
    [InlineData("@every x", "failed to parse duration @every x: time: invalid duration \"x\"")]
    public void Bad_schedules_are_explained_as_robfig_cron_does(string spec, string why) =>
        Assert.Equal(why, CronSchedule.Check(spec));

    [Fact]
    public void Out_of_range_fields_are_refused() =>
        Assert.NotNull(CronSchedule.Check("61 * * * *"));

    [Fact]
    public void An_unknown_time_zone_is_refused() =>
        Assert.Equal("provided bad location Mars/Olympus: unknown time zone", CronSchedule.TryParse("* * * * *", "Mars/Olympus", out _));
}
