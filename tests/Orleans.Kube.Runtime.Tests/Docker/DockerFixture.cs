using Docker.DotNet;

namespace Orleans.Kube.Runtime.Tests;

/// <summary>
/// One runtime and raw client for all Docker tests. Every container the suite creates carries <see cref="SuiteLabel"/>;
/// leftovers of an earlier crashed run are swept on start and everything is removed at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string Image = "okube/busybox:1";
    public const string SuiteLabel = "okube.test/suite";
    public const string SuiteValue = "orleans-kube-runtime-tests";

    public DockerContainerRuntime Runtime { get; } = new();

    public DockerClient Client { get; } = new DockerClientBuilder().WithEndpoint(DockerContainerRuntime.DefaultEndpoint).Build();

    public async ValueTask InitializeAsync()
    {
        await RemoveAllAsync();
        try
        {
            await Client.Images.InspectImageAsync(Image);
        }
        catch (DockerApiException e)
        {
            throw new InvalidOperationException(
                $"test image {Image} is missing; build it with: mkdir -p r/bin && cp /bin/busybox r/bin/ && for a in sh sleep httpd nc cat echo ls env hostname wget true false kill ps; do ln -s busybox r/bin/$a; done && tar -C r -c . | /usr/bin/docker import -c 'ENV PATH=/bin' - {Image}",
                e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveAllAsync();
        Runtime.Dispose();
        Client.Dispose();
    }

    public async Task RemoveAllAsync(string? testId = null)
    {
        var filter = new Dictionary<string, string> { [SuiteLabel] = SuiteValue };
        if (testId is not null)
        {
            filter[DockerTestBase.TestLabel] = testId;
        }

        foreach (var container in await Runtime.ListAsync(filter, CancellationToken.None))
        {
            await Runtime.RemoveAsync(container.Id, CancellationToken.None);
        }
    }
}
