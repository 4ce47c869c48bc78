using System.Text;

namespace Orleans.Kube.Runtime.Tests;

/// <summary>Attach to a container's own stdio: the console fields of the create request, log replay, the tty.</summary>
public sealed class DockerAttachTests(DockerFixture fixture) : DockerTestBase(fixture)
{
    [Fact]
    public async Task Attach_to_a_stdin_once_container_replays_earlier_output_and_closing_stdin_ends_it()
    {
        var id = await StartAsync(["sh", "-c", "echo before attach; cat"], new ContainerConsole(Stdin: true, StdinOnce: true, Tty: false));
        await Poll.UntilAsync(() => LogsAsync(id), log => log.Contains("before attach"), Patience, "the early line");

        await using var session = await Runtime.AttachAsync(id, stdin: true, tty: false, replayLogs: true, Ct);
        await session.WriteStdinAsync("through attach\n"u8.ToArray(), Ct);
        await session.CloseStdinAsync(Ct);

        // stdinOnce: the container's stdin closes with the session's, so cat ends and so does the container.
        Assert.Equal("before attach\nthrough attach\n", await ReadAllAsync(session));
        Assert.Equal(0, await session.GetExitCodeAsync(Ct));
        Assert.Equal(0, (await WaitForStateAsync(id, ContainerStates.Exited))!.ExitCode);
    }

    [Fact]
    public async Task Closing_an_attach_stdin_keeps_the_output_of_a_container_that_is_not_stdin_once()
    {
        var id = await StartAsync(["sh", "-c", "read line; echo got $line"], new ContainerConsole(Stdin: true, StdinOnce: false, Tty: false));

        await using var session = await Runtime.AttachAsync(id, stdin: true, tty: false, replayLogs: false, Ct);
        await session.WriteStdinAsync("hello\n"u8.ToArray(), Ct);
        // kubectl attach -i closes stdin as soon as its input ends; the answer must still arrive.
        await session.CloseStdinAsync(Ct);

        Assert.Equal("got hello\n", await ReadAllAsync(session));
    }

    [Fact]
    public async Task Attach_to_a_tty_container_echoes_through_the_terminal_and_resizes_it()
    {
        var id = await StartAsync(["sh", "-c", "read line; stty size; echo got $line"], new ContainerConsole(Stdin: true, StdinOnce: false, Tty: true));

        await using var session = await Runtime.AttachAsync(id, stdin: true, tty: true, replayLogs: false, Ct);
        await session.ResizeAsync(123, 45, Ct);
        await session.WriteStdinAsync("hi\n"u8.ToArray(), Ct);

        // A terminal: one stream, input echoed, lines end in CRLF; stty sees the size set through the session.
        var output = await ReadAllAsync(session);
        Assert.Contains("45 123\r\n", output);
        Assert.EndsWith("got hi\r\n", output);
    }

    private async Task<string> StartAsync(IReadOnlyList<string> command, ContainerConsole console)
    {
        var id = await Runtime.CreateAsync(Request(command) with { Console = console }, Ct);
        await Runtime.StartAsync(id, Ct);
        return id;
    }

    private static async Task<string> ReadAllAsync(IExecSession session)
    {
        var output = new StringBuilder();
        while (await session.ReadOutputAsync(Ct) is { } chunk)
        {
            Assert.Equal(1, chunk.Stream);
            output.Append(Encoding.UTF8.GetString(chunk.Data));
        }

        return output.ToString();
    }
}
