namespace Orleans.Kube.Runtime.Tests;

/// <summary>Gives each test its own label so its containers are removed when it ends, pass or fail.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public abstract class DockerTestBase(DockerFixture fixture) : IAsyncLifetime
{
    public const string TestLabel = "okube.test/test";

    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected DockerFixture Fixture { get; } = fixture;

    protected DockerContainerRuntime Runtime => Fixture.Runtime;

    protected string TestId { get; } = Guid.NewGuid().ToString("N")[..12];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await Fixture.RemoveAllAsync(TestId);

    protected ContainerCreateRequest Request(
        IReadOnlyList<string>? command = null,
        IReadOnlyList<string>? args = null,
        IReadOnlyDictionary<string, string>? env = null,
        string? workingDir = null,
        IReadOnlyList<PortMapping>? ports = null,
        long? memory = null,
        long? nanoCpus = null,
        IReadOnlyDictionary<string, string>? labels = null,
        string image = DockerFixture.Image,
        IReadOnlyList<MountSpec>? mounts = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>())
        {
            [DockerFixture.SuiteLabel] = DockerFixture.SuiteValue,
            [TestLabel] = TestId,
        };
        return new ContainerCreateRequest(
            $"okube-rt-{TestId}-{Guid.NewGuid().ToString("N")[..8]}",
            image,
            command,
            args,
            env ?? new Dictionary<string, string>(),
            workingDir,
            ports ?? [],
            memory,
            nanoCpus,
            allLabels,
            mounts ?? []);
    }

    /// <summary>Creates and starts a container that idles until stopped.</summary>
    protected async Task<string> StartSleeperAsync(IReadOnlyList<string>? command = null, IReadOnlyList<string>? args = null)
    {
        var id = await Runtime.CreateAsync(Request(command ?? ["sleep", "300"], args), Ct);
        await Runtime.StartAsync(id, Ct);
        await WaitForStateAsync(id, ContainerStates.Running);
        return id;
    }

    protected Task<ContainerInfo?> WaitForStateAsync(string id, string state) =>
        Poll.UntilAsync(() => Runtime.InspectAsync(id, Ct), info => info?.State == state, Patience, $"{id} to be {state}");

    protected async Task<string> LogsAsync(string id, long? tail = null, DateTimeOffset? since = null, bool timestamps = false)
    {
        using var output = new MemoryStream();
        await Runtime.StreamLogsAsync(id, output, follow: false, tail, since, timestamps, Ct);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}
