using System.Globalization;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Faults.Tests;

/// <summary>One scenario's outcome, printed to the test output and appended to .okube/fault-results.tsv.</summary>
public sealed record RecoveryRecord(string Scenario, bool Passed, TimeSpan Recovery, TimeSpan LongestWriteGap, int Acknowledged, int FailedWrites, int Lost, string Note)
{
    public static string FilePath => Path.Combine(RepoPaths.Root, ".okube", "fault-results.tsv");

    public void Save()
    {
        var line = string.Join('\t',
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), Scenario, Passed ? "pass" : "FAIL",
            Seconds(Recovery), Seconds(LongestWriteGap), Acknowledged, FailedWrites, Lost, LoadAverage(), Note);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        if (!File.Exists(FilePath))
            File.WriteAllText(FilePath, "utc\tscenario\tresult\trecovery_s\tlongest_write_gap_s\tacknowledged\tfailed_writes\tlost\tload_15min\tnote\n");
        File.AppendAllText(FilePath, line + "\n");
    }

    public override string ToString() =>
        $"{Scenario}: {(Passed ? "pass" : "FAIL")}, recovered in {Seconds(Recovery)} s; writes: {Acknowledged} acknowledged, {FailedWrites} failed, " +
        $"{Lost} acknowledged but lost, longest gap {Seconds(LongestWriteGap)} s; load {LoadAverage()}. {Note}";

    /// <summary>The machine's 15-minute load average: the same scenario takes much longer on a busy machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[2] : "";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
