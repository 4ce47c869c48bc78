using System.Text;

namespace Orleans.Kube.Runtime.Tests;

public sealed class SimulatedExecAndLogTests : SimulatedTestBase
{
    [Fact]
    public async Task Exec_answers_from_the_behavior_and_needs_a_running_container()
    {
        var runtime = NewRuntime();
        var id = await runtime.CreateAsync(Request("probe", new Dictionary<string, string>
        {
            [SimulatedLabels.ExecExitCode] = "1",
            [SimulatedLabels.ExecStdout] = "not ready",
        }), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.ExecAsync(id, ["check"], TimeSpan.FromSeconds(1), Ct));
        await runtime.StartAsync(id, Ct);

        Assert.Equal(new ExecResult(1, "not ready", ""), await runtime.ExecAsync(id, ["check"], TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task Exec_session_echoes_stdin_through_cat()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("shell"));
        await using var session = await runtime.StartExecAsync(id, ["cat"], stdin: true, tty: false, Ct);

        await session.WriteStdinAsync("ping\n"u8.ToArray(), Ct);
        var chunk = await session.ReadOutputAsync(Ct);
        await session.CloseStdinAsync(Ct);

        Assert.Equal((1, "ping\n"), (chunk!.Value.Stream, Encoding.UTF8.GetString(chunk.Value.Data)));
        Assert.Null(await session.ReadOutputAsync(Ct));
        Assert.Equal(0, await session.GetExitCodeAsync(Ct));
    }

    [Fact]
    public async Task Exec_session_of_another_command_prints_the_behavior_output()
    {
        var runtime = NewRuntime(_ => new SimulatedBehavior { ExecStdout = "out", ExecStderr = "err", ExecExitCode = 4 });
        var id = await RunAsync(runtime, Request("shell"));
        await using var session = await runtime.StartExecAsync(id, ["sh", "-c", "whatever"], stdin: false, tty: false, Ct);

        var chunks = new List<(int, string)>();
        while (await session.ReadOutputAsync(Ct) is { } chunk)
        {
            chunks.Add((chunk.Stream, Encoding.UTF8.GetString(chunk.Data)));
        }

        Assert.Equal([(1, "out"), (2, "err")], chunks);
        Assert.Equal(4, await session.GetExitCodeAsync(Ct));
    }

    [Fact]
    public async Task Logs_honour_tail_since_and_timestamps()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("app", new Dictionary<string, string> { [SimulatedLabels.Logs] = "one\ntwo" }));
        Clock.Advance(TimeSpan.FromSeconds(10));
        runtime.AppendLog(id, "three", stream: 2);

        Assert.Equal("one\ntwo\nthree\n", await LogsAsync(runtime, id));
        Assert.Equal("two\nthree\n", await LogsAsync(runtime, id, tail: 2));
        Assert.Equal("three\n", await LogsAsync(runtime, id, since: T0.AddSeconds(5)));
        Assert.Equal("2025-01-02T03:04:15.000000000Z three\n", await LogsAsync(runtime, id, tail: 1, timestamps: true));
    }

    [Fact]
    public async Task Follow_streams_appended_lines_and_returns_when_the_container_stops()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("app", new Dictionary<string, string> { [SimulatedLabels.Logs] = "start" }));
        var output = new CapturingStream();

        var follow = runtime.StreamLogsAsync(id, output, follow: true, tailLines: null, since: null, timestamps: false, Ct);
        await Poll.UntilAsync(() => output.Text == "start\n", TimeSpan.FromSeconds(5), "the first line");
        runtime.AppendLog(id, "more");
        await Poll.UntilAsync(() => output.Text == "start\nmore\n", TimeSpan.FromSeconds(5), "the appended line");
        Assert.False(follow.IsCompleted);

        await runtime.StopAsync(id, TimeSpan.FromSeconds(1), Ct);
        await follow.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Follow_ends_on_cancel()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("app"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var follow = runtime.StreamLogsAsync(id, new CapturingStream(), follow: true, tailLines: null, since: null, timestamps: false, cancel.Token);
        Assert.False(follow.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    private static async Task<string> LogsAsync(IContainerRuntime runtime, string id, long? tail = null, DateTimeOffset? since = null, bool timestamps = false)
    {
        using var output = new MemoryStream();
        await runtime.StreamLogsAsync(id, output, follow: false, tail, since, timestamps, Ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
