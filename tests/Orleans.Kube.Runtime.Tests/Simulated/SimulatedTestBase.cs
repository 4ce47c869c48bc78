namespace Orleans.Kube.Runtime.Tests;

[Trait("Category", "Unit")]
public abstract class SimulatedTestBase
{
    protected static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected ManualTimeProvider Clock { get; } = new(T0);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected SimulatedContainerRuntime NewRuntime(Func<ContainerCreateRequest, SimulatedBehavior?>? behavior = null, string seed = "node-1") =>
        new(new SimulatedRuntimeOptions { TimeProvider = Clock, Behavior = behavior, IdSeed = seed });

    protected static ContainerCreateRequest Request(
        string name,
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyList<PortMapping>? ports = null,
        string image = "okube/busybox:1") =>
        new(name, image, ["sleep"], ["300"], new Dictionary<string, string>(), null, ports ?? [], null, null,
            labels ?? new Dictionary<string, string>(), []);

    protected static async Task<string> RunAsync(IContainerRuntime runtime, ContainerCreateRequest request)
    {
        var id = await runtime.CreateAsync(request, Ct);
        await runtime.StartAsync(id, Ct);
        return id;
    }
}
