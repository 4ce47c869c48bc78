using System.Diagnostics;
using System.Net;

namespace Orleans.Kube.Runtime.Tests;

public sealed class DockerLifecycleTests(DockerFixture fixture) : DockerTestBase(fixture)
{
    [Fact]
    public async Task Httpd_answers_through_an_ephemeral_port_on_loopback()
    {
        var id = await Runtime.CreateAsync(
            Request(["sh", "-c"], ["echo hello > /index.html && exec httpd -f -p 8080 -h /"], ports: [new PortMapping(8080, "TCP", "127.0.0.1", 0)]),
            Ct);
        await Runtime.StartAsync(id, Ct);

        var info = await WaitForStateAsync(id, ContainerStates.Running);
        var port = Assert.Single(info!.Ports);
        Assert.Equal((8080, "TCP", "127.0.0.1"), (port.ContainerPort, port.Protocol, port.HostIp));
        Assert.InRange(port.HostPort, 1, 65535);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port.HostPort}/index.html";
        var response = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var r = await http.GetAsync(url, Ct);
                    return (Status: r.StatusCode, Body: await r.Content.ReadAsStringAsync(Ct));
                }
                catch (HttpRequestException)
                {
                    return (Status: HttpStatusCode.ServiceUnavailable, Body: "");
                }
            },
            r => r.Status == HttpStatusCode.OK,
            Patience,
            $"GET {url}");
        Assert.Equal("hello\n", response.Body);
    }

    [Fact]
    public async Task Env_args_and_working_dir_reach_the_process()
    {
        var id = await Runtime.CreateAsync(
            Request(
                ["sh", "-c"],
                ["echo \"greeting=$GREETING arg1=$1\"; pwd; env", "zero", "first"],
                env: new Dictionary<string, string> { ["GREETING"] = "hello world", ["OTHER"] = "x=y" },
                workingDir: "/bin"),
            Ct);
        await Runtime.StartAsync(id, Ct);

        var info = await WaitForStateAsync(id, ContainerStates.Exited);
        Assert.Equal(0, info!.ExitCode);
        var logs = await LogsAsync(id);
        Assert.Contains("greeting=hello world arg1=first\n", logs);
        Assert.Contains("/bin\n", logs);
        Assert.Contains("OTHER=x=y\n", logs);
    }

    [Fact]
    public async Task Bind_mounts_honour_read_only()
    {
        var host = Directory.CreateTempSubdirectory("okube-runtime-mount-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(host.FullName, "greeting"), "from the host\n", Ct);
            MountSpec[] mounts = [new MountSpec(host.FullName, "/ro", ReadOnly: true), new MountSpec(host.FullName, "/rw", ReadOnly: false)];
            var id = await Runtime.CreateAsync(
                Request(["sh", "-c"], ["cat /ro/greeting; echo x > /ro/denied || echo ro-refused; echo written > /rw/allowed"], mounts: mounts),
                Ct);
            await Runtime.StartAsync(id, Ct);

            await WaitForStateAsync(id, ContainerStates.Exited);
            var logs = await LogsAsync(id);
            Assert.Contains("from the host\n", logs);
            Assert.Contains("ro-refused\n", logs);
            Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(host.FullName, "allowed"), Ct));
        }
        finally
        {
            host.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Limits_init_and_labels_are_applied()
    {
        const long memory = 64L * 1024 * 1024;
        var id = await Runtime.CreateAsync(
            Request(["sleep", "300"], memory: memory, nanoCpus: 500_000_000, labels: new Dictionary<string, string> { ["app"] = "web" }),
            Ct);

        var raw = await Fixture.Client.Containers.InspectContainerAsync(id, Ct);
        var host = raw.HostConfig;
        Assert.NotNull(host);
        Assert.Equal(memory, host.Memory);
        Assert.Equal(500_000_000, host.NanoCPUs);
        Assert.True(host.Init ?? false);

        var info = await Runtime.InspectAsync(id, Ct);
        Assert.NotNull(info);
        Assert.Equal((ContainerStates.Created, (int?)null, DockerFixture.Image), (info.State, info.ExitCode, info.Image));
        Assert.Equal("web", info.Labels["app"]);
        Assert.Null(info.StartedAt);
        Assert.StartsWith("okube-rt-", info.Name);
    }

    [Fact]
    public async Task List_by_label_finds_exactly_the_matching_containers_including_stopped_ones()
    {
        var group = Guid.NewGuid().ToString("N");
        var running = await Runtime.CreateAsync(Request(["sleep", "300"], labels: new Dictionary<string, string> { ["group"] = group, ["tier"] = "a" }), Ct);
        await Runtime.StartAsync(running, Ct);
        var created = await Runtime.CreateAsync(Request(["sleep", "300"], labels: new Dictionary<string, string> { ["group"] = group, ["tier"] = "b" }), Ct);
        await Runtime.CreateAsync(Request(["sleep", "300"], labels: new Dictionary<string, string> { ["group"] = "other-" + group }), Ct);

        var listed = await Runtime.ListAsync(new Dictionary<string, string> { ["group"] = group }, Ct);
        Assert.Equal(new[] { created, running }.Order(), listed.Select(c => c.Id).Order());

        var both = await Runtime.ListAsync(new Dictionary<string, string> { ["group"] = group, ["tier"] = "b" }, Ct);
        Assert.Equal(created, Assert.Single(both).Id);
    }

    [Fact]
    public async Task Stop_is_fast_with_init_and_records_the_exit_code()
    {
        var id = await StartSleeperAsync();

        var clock = Stopwatch.StartNew();
        await Runtime.StopAsync(id, TimeSpan.FromSeconds(30), Ct);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stop took {clock.Elapsed}");
        var info = await Runtime.InspectAsync(id, Ct);
        Assert.NotNull(info);
        Assert.Equal(ContainerStates.Exited, info.State);
        Assert.Equal(143, info.ExitCode); // 128 + SIGTERM: the process honoured the graceful stop
        Assert.NotNull(info.FinishedAt);

        // Stopping and removing are idempotent.
        await Runtime.StopAsync(id, TimeSpan.FromSeconds(1), Ct);
        await Runtime.RemoveAsync(id, Ct);
        await Runtime.RemoveAsync(id, Ct);
        await Runtime.StopAsync(id, TimeSpan.FromSeconds(1), Ct);
        Assert.Null(await Runtime.InspectAsync(id, Ct));
    }

    [Fact]
    public async Task A_container_that_exits_3_reports_exited_3()
    {
        var id = await Runtime.CreateAsync(Request(["sh", "-c", "exit 3"]), Ct);
        await Runtime.StartAsync(id, Ct);

        var info = await WaitForStateAsync(id, ContainerStates.Exited);
        Assert.Equal(3, info!.ExitCode);
        Assert.False(info.OomKilled);
        Assert.Null(info.Error);
        Assert.NotNull(info.StartedAt);
        Assert.NotNull(info.FinishedAt);
        Assert.True(info.FinishedAt >= info.StartedAt, $"started {info.StartedAt:O}, finished {info.FinishedAt:O}");
    }

    [Fact]
    public async Task Remove_force_kills_a_running_container()
    {
        var id = await StartSleeperAsync();

        await Runtime.RemoveAsync(id, Ct);

        Assert.Null(await Runtime.InspectAsync(id, Ct));
    }

    [Fact]
    public async Task A_missing_entrypoint_exits_127_because_the_init_execs_it()
    {
        var id = await Runtime.CreateAsync(Request(["/bin/does-not-exist"]), Ct);
        await Runtime.StartAsync(id, Ct);

        var info = await WaitForStateAsync(id, ContainerStates.Exited);
        Assert.Equal(127, info!.ExitCode);
        Assert.Contains("/bin/does-not-exist", await LogsAsync(id));
    }

    [Fact]
    public async Task A_start_the_engine_refuses_throws_and_leaves_the_error_on_the_container()
    {
        int hostPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            hostPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        PortMapping[] ports = [new PortMapping(8080, "TCP", "127.0.0.1", hostPort)];
        var first = await Runtime.CreateAsync(Request(["sleep", "300"], ports: ports), Ct);
        await Runtime.StartAsync(first, Ct);
        Assert.Equal(hostPort, Assert.Single((await Runtime.InspectAsync(first, Ct))!.Ports).HostPort);
        var second = await Runtime.CreateAsync(Request(["sleep", "300"], ports: ports), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.StartAsync(second, Ct));

        var info = await Runtime.InspectAsync(second, Ct);
        Assert.NotNull(info);
        Assert.NotEqual(ContainerStates.Running, info.State);
        Assert.NotNull(info.Error);
        Assert.NotNull(info.ExitCode);
    }

    [Fact]
    public async Task Duplicate_names_and_unknown_ids_are_reported_engine_agnostically()
    {
        var request = Request(["sleep", "300"]);
        await Runtime.CreateAsync(request, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.CreateAsync(request, Ct));
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => Runtime.StartAsync("okube-rt-no-such-container", Ct));
        Assert.Null(await Runtime.InspectAsync("okube-rt-no-such-container", Ct));
    }
}
