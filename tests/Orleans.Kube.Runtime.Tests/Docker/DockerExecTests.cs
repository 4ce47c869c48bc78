using System.Text;

namespace Orleans.Kube.Runtime.Tests;

public sealed class DockerExecTests(DockerFixture fixture) : DockerTestBase(fixture)
{
    [Fact]
    public async Task Exec_returns_exit_code_stdout_and_stderr()
    {
        var id = await StartSleeperAsync();

        var result = await Runtime.ExecAsync(id, ["sh", "-c", "echo out; echo err >&2; exit 4"], TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(new ExecResult(4, "out\n", "err\n"), result);
        Assert.Equal(0, (await Runtime.ExecAsync(id, ["true"], TimeSpan.FromSeconds(10), Ct)).ExitCode);
    }

    [Fact]
    public async Task Exec_that_outlives_its_timeout_throws_TimeoutException()
    {
        var id = await StartSleeperAsync();

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<TimeoutException>(() => Runtime.ExecAsync(id, ["sleep", "30"], TimeSpan.FromMilliseconds(500), Ct));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Exec_in_a_missing_or_stopped_container_fails_clearly()
    {
        await Assert.ThrowsAsync<ContainerNotFoundException>(
            () => Runtime.ExecAsync("okube-rt-no-such-container", ["true"], TimeSpan.FromSeconds(5), Ct));

        var id = await Runtime.CreateAsync(Request(["sleep", "300"]), Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.ExecAsync(id, ["true"], TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task Exec_session_round_trips_stdin_through_cat()
    {
        var id = await StartSleeperAsync();
        await using var session = await Runtime.StartExecAsync(id, ["cat"], stdin: true, tty: false, Ct);

        await session.WriteStdinAsync("hello through cat\n"u8.ToArray(), Ct);
        var echoed = new StringBuilder();
        while (!echoed.ToString().Contains("hello through cat\n"))
        {
            var chunk = await session.ReadOutputAsync(Ct) ?? throw new InvalidOperationException($"output ended early: {echoed}");
            Assert.Equal(1, chunk.Stream);
            echoed.Append(Encoding.UTF8.GetString(chunk.Data));
        }

        // Closing stdin is how cat learns to exit.
        await session.CloseStdinAsync(Ct);
        while (await session.ReadOutputAsync(Ct) is not null)
        {
        }

        Assert.Equal(0, await session.GetExitCodeAsync(Ct));
        Assert.Equal("hello through cat\n", echoed.ToString());
    }

    [Fact]
    public async Task Exec_session_separates_stderr_and_reports_the_exit_code()
    {
        var id = await StartSleeperAsync();
        await using var session = await Runtime.StartExecAsync(id, ["sh", "-c", "echo out; echo err >&2; exit 7"], stdin: false, tty: false, Ct);

        var streams = new Dictionary<int, StringBuilder> { [1] = new(), [2] = new() };
        while (await session.ReadOutputAsync(Ct) is { } chunk)
        {
            streams[chunk.Stream].Append(Encoding.UTF8.GetString(chunk.Data));
        }

        Assert.Equal("out\n", streams[1].ToString());
        Assert.Equal("err\n", streams[2].ToString());
        Assert.Equal(7, await session.GetExitCodeAsync(Ct));
    }

    [Fact]
    public async Task Tty_exec_session_can_be_resized()
    {
        var id = await StartSleeperAsync();
        await using var session = await Runtime.StartExecAsync(id, ["sh"], stdin: true, tty: true, Ct);

        await session.ResizeAsync(100, 40, Ct);
        await session.WriteStdinAsync("echo tty-ok; exit 5\n"u8.ToArray(), Ct);
        var output = new StringBuilder();
        while (await session.ReadOutputAsync(Ct) is { } chunk)
        {
            Assert.Equal(1, chunk.Stream);
            output.Append(Encoding.UTF8.GetString(chunk.Data));
        }

        Assert.Contains("tty-ok", output.ToString());
        Assert.Equal(5, await session.GetExitCodeAsync(Ct));
    }
}
