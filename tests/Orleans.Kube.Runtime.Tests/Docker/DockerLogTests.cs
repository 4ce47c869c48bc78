using System.Text.RegularExpressions;

namespace Orleans.Kube.Runtime.Tests;

public sealed partial class DockerLogTests(DockerFixture fixture) : DockerTestBase(fixture)
{
    // The stderr line goes first with a pause, because the Engine reads stdout and stderr through separate pipes.
    private const string FiveLinesThenIdle = "echo oops >&2; sleep 1; for i in 1 2 3 4 5; do echo line$i; done; exec sleep 300";

    [Fact]
    public async Task Tail_timestamps_and_since_select_lines()
    {
        var id = await StartSleeperAsync(["sh", "-c", FiveLinesThenIdle]);
        await Poll.UntilAsync(() => LogsAsync(id), l => l.Contains("line5"), Patience, "all lines logged");

        Assert.Equal("oops\nline1\nline2\nline3\nline4\nline5\n", await LogsAsync(id));
        Assert.Equal("line4\nline5\n", await LogsAsync(id, tail: 2));
        Assert.Matches(TimestampedLine(), await LogsAsync(id, tail: 1, timestamps: true));
        Assert.Equal("", await LogsAsync(id, since: DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Contains("oops\nline1", await LogsAsync(id, since: DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task Follow_streams_new_lines_and_ends_on_cancel()
    {
        var id = await StartSleeperAsync(["sh", "-c", FiveLinesThenIdle]);
        await Poll.UntilAsync(() => LogsAsync(id), l => l.Contains("line5"), Patience, "all lines logged");
        var output = new CapturingStream();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var follow = Runtime.StreamLogsAsync(id, output, follow: true, tailLines: 1, since: null, timestamps: false, cancel.Token);
        await Poll.UntilAsync(() => output.Text == "line5\n", Patience, "the tail line");
        // PID 1 is the init; its stdout is the container's log.
        await Runtime.ExecAsync(id, ["sh", "-c", "echo more > /proc/1/fd/1"], TimeSpan.FromSeconds(10), Ct);
        await Poll.UntilAsync(() => output.Text == "line5\nmore\n", Patience, "the followed line");
        Assert.False(follow.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Follow_returns_when_the_container_stops()
    {
        var id = await StartSleeperAsync(["sh", "-c", FiveLinesThenIdle]);
        var output = new CapturingStream();

        var follow = Runtime.StreamLogsAsync(id, output, follow: true, tailLines: null, since: null, timestamps: false, Ct);
        await Poll.UntilAsync(() => output.Text.Contains("line5"), Patience, "the logged lines");
        await Runtime.StopAsync(id, TimeSpan.FromSeconds(10), Ct);

        await follow.WaitAsync(Patience, Ct);
        Assert.StartsWith("oops\nline1\n", output.Text);
    }

    [Fact]
    public async Task A_chatty_containers_log_is_rotated_and_stays_under_its_limits()
    {
        const long maxBytes = 64 * 1024;
        // About 4 MiB of 1 KiB lines, far beyond two files of 64 KiB.
        var line = new string('x', 1000);
        var request = Request(["sh", "-c", $"i=0; while [ $i -lt 4000 ]; do echo {line}; i=$((i+1)); done; echo done; exec sleep 300"])
            with { LogLimits = new ContainerLogLimits(maxBytes, 2) };
        var id = await Runtime.CreateAsync(request, Ct);
        await Runtime.StartAsync(id, Ct);
        await Poll.UntilAsync(() => LogsAsync(id, tail: 1), l => l == "done\n", TimeSpan.FromSeconds(60), "the chatty loop to finish");

        var inspected = await Fixture.Client.Containers.InspectContainerAsync(id, Ct);
        var files = Directory.GetFiles(Path.GetDirectoryName(inspected.LogPath)!, Path.GetFileName(inspected.LogPath) + "*");
        Assert.Equal(2, files.Length); // the live file and one rotated one
        // A file is rotated once a write takes it past the limit, so it ends at most one line (as JSON) over.
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= maxBytes + 2048, $"{f} has {new FileInfo(f).Length} bytes"));
    }

    [Fact]
    public async Task Logs_of_a_missing_container_throw_ContainerNotFoundException()
    {
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => LogsAsync("okube-rt-no-such-container"));
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z line5\n$")]
    private static partial Regex TimestampedLine();
}
