namespace Orleans.Kube.Runtime.Tests;

public sealed class SimulatedLifecycleTests : SimulatedTestBase
{
    [Fact]
    public async Task Containers_run_the_moment_they_start()
    {
        var runtime = NewRuntime();
        var id = await runtime.CreateAsync(Request("web", ports: [new PortMapping(8080, "tcp", "", 0), new PortMapping(9090, "TCP", "127.0.0.1", 19090)]), Ct);

        var created = await runtime.InspectAsync(id, Ct);
        Assert.Equal((ContainerStates.Created, (int?)null, (DateTimeOffset?)null), (created!.State, created.ExitCode, created.StartedAt));

        await runtime.StartAsync(id, Ct);
        var info = await runtime.InspectAsync("web", Ct);
        Assert.NotNull(info);
        Assert.Equal((id, "web", ContainerStates.Running, T0), (info.Id, info.Name, info.State, info.StartedAt!.Value));
        Assert.Equal(
            [new PortMapping(8080, "TCP", "127.0.0.1", 32768), new PortMapping(9090, "TCP", "127.0.0.1", 19090)],
            info.Ports);
        Assert.Matches("^[0-9a-f]{64}$", id);
    }

    [Fact]
    public async Task Exit_code_label_exits_at_start_and_oom_label_reports_an_oom_kill()
    {
        var runtime = NewRuntime();

        var exits = await RunAsync(runtime, Request("exits", new Dictionary<string, string> { [SimulatedLabels.ExitCode] = "3" }));
        var oom = await RunAsync(runtime, Request("oom", new Dictionary<string, string> { [SimulatedLabels.OomKilled] = "true" }));

        var exited = (await runtime.InspectAsync(exits, Ct))!;
        Assert.Equal((ContainerStates.Exited, 3, false, T0), (exited.State, exited.ExitCode!.Value, exited.OomKilled, exited.FinishedAt!.Value));
        var killed = (await runtime.InspectAsync(oom, Ct))!;
        Assert.Equal((ContainerStates.Exited, 137, true), (killed.State, killed.ExitCode!.Value, killed.OomKilled));
    }

    [Fact]
    public async Task Exit_after_label_exits_when_the_clock_passes_it()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("job", new Dictionary<string, string>
        {
            [SimulatedLabels.ExitCode] = "0",
            [SimulatedLabels.ExitAfterSeconds] = "30",
        }));

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(ContainerStates.Running, (await runtime.InspectAsync(id, Ct))!.State);

        Clock.Advance(TimeSpan.FromSeconds(5));
        var info = Assert.Single(await runtime.ListAsync(new Dictionary<string, string>(), Ct));
        Assert.Equal((ContainerStates.Exited, 0, T0.AddSeconds(30)), (info.State, info.ExitCode!.Value, info.FinishedAt!.Value));
    }

    [Fact]
    public async Task Start_error_label_fails_start_and_keeps_the_container_created()
    {
        var runtime = NewRuntime();
        var id = await runtime.CreateAsync(Request("broken", new Dictionary<string, string> { [SimulatedLabels.StartError] = "exec: \"nope\": not found" }), Ct);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.StartAsync(id, Ct));

        Assert.Equal("exec: \"nope\": not found", e.Message);
        var info = (await runtime.InspectAsync(id, Ct))!;
        Assert.Equal((ContainerStates.Created, 128, "exec: \"nope\": not found"), (info.State, info.ExitCode!.Value, info.Error));
    }

    [Fact]
    public async Task A_behavior_callback_decides_before_labels()
    {
        var runtime = NewRuntime(r => r.Name.StartsWith("crash", StringComparison.Ordinal) ? new SimulatedBehavior { ExitCode = 1 } : null);

        var crash = await RunAsync(runtime, Request("crash-1", new Dictionary<string, string> { [SimulatedLabels.ExitCode] = "9" }));
        var labelled = await RunAsync(runtime, Request("other", new Dictionary<string, string> { [SimulatedLabels.ExitCode] = "9" }));

        Assert.Equal(1, (await runtime.InspectAsync(crash, Ct))!.ExitCode);
        Assert.Equal(9, (await runtime.InspectAsync(labelled, Ct))!.ExitCode);
    }

    [Fact]
    public async Task Stop_is_graceful_unless_the_grace_is_zero_and_stop_and_remove_are_idempotent()
    {
        var runtime = NewRuntime();
        var graceful = await RunAsync(runtime, Request("graceful"));
        var killed = await RunAsync(runtime, Request("killed"));
        Clock.Advance(TimeSpan.FromSeconds(7));

        await runtime.StopAsync(graceful, TimeSpan.FromSeconds(30), Ct);
        await runtime.StopAsync(killed, TimeSpan.Zero, Ct);
        await runtime.StopAsync(graceful, TimeSpan.FromSeconds(30), Ct);

        var info = (await runtime.InspectAsync(graceful, Ct))!;
        Assert.Equal((ContainerStates.Exited, 143, T0.AddSeconds(7)), (info.State, info.ExitCode!.Value, info.FinishedAt!.Value));
        Assert.Equal(137, (await runtime.InspectAsync(killed, Ct))!.ExitCode);

        await runtime.RemoveAsync(graceful, Ct);
        await runtime.RemoveAsync(graceful, Ct);
        await runtime.StopAsync(graceful, TimeSpan.FromSeconds(1), Ct);
        Assert.Null(await runtime.InspectAsync(graceful, Ct));
        Assert.Equal(1, runtime.Count);

        // The name is free again, and a restart of an exited container runs it anew.
        await runtime.CreateAsync(Request("graceful"), Ct);
        await runtime.StartAsync(killed, Ct);
        Assert.Equal((ContainerStates.Running, (int?)null), ((await runtime.InspectAsync(killed, Ct))!.State, (await runtime.InspectAsync(killed, Ct))!.ExitCode));
    }

    [Fact]
    public async Task Crash_makes_a_running_container_exit_for_the_agent_to_notice()
    {
        var runtime = NewRuntime();
        var id = await RunAsync(runtime, Request("app"));

        runtime.Crash(id, 2, oomKilled: true);

        var info = (await runtime.InspectAsync(id, Ct))!;
        Assert.Equal((ContainerStates.Exited, 2, true), (info.State, info.ExitCode!.Value, info.OomKilled));
    }

    [Fact]
    public async Task List_matches_every_label_of_the_filter_in_creation_order()
    {
        var runtime = NewRuntime();
        var a = await runtime.CreateAsync(Request("a", new Dictionary<string, string> { ["pod"] = "p1", ["c"] = "x" }), Ct);
        var b = await RunAsync(runtime, Request("b", new Dictionary<string, string> { ["pod"] = "p1", ["c"] = "y" }));
        await runtime.CreateAsync(Request("c", new Dictionary<string, string> { ["pod"] = "p2" }), Ct);
        await runtime.StopAsync(b, TimeSpan.FromSeconds(1), Ct);

        Assert.Equal([a, b], (await runtime.ListAsync(new Dictionary<string, string> { ["pod"] = "p1" }, Ct)).Select(c => c.Id));
        Assert.Equal([b], (await runtime.ListAsync(new Dictionary<string, string> { ["pod"] = "p1", ["c"] = "y" }, Ct)).Select(c => c.Id));
        Assert.Equal(3, (await runtime.ListAsync(new Dictionary<string, string>(), Ct)).Count);
    }

    [Fact]
    public async Task Duplicate_names_and_unknown_ids_fail_like_the_docker_runtime()
    {
        var runtime = NewRuntime();
        await runtime.CreateAsync(Request("same"), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.CreateAsync(Request("same"), Ct));
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => runtime.StartAsync("nope", Ct));
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => runtime.ExecAsync("nope", ["true"], TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task Ids_are_deterministic_per_seed()
    {
        async Task<string[]> IdsAsync(string seed)
        {
            var runtime = NewRuntime(seed: seed);
            return [await runtime.CreateAsync(Request("x"), Ct), await runtime.CreateAsync(Request("y"), Ct)];
        }

        Assert.Equal(await IdsAsync("n1"), await IdsAsync("n1"));
        Assert.NotEqual((await IdsAsync("n1"))[0], (await IdsAsync("n2"))[0]);
    }
}
