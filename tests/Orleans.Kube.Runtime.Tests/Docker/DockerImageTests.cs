namespace Orleans.Kube.Runtime.Tests;

public sealed class DockerImageTests(DockerFixture fixture) : DockerTestBase(fixture)
{
    private const string MissingLocal = "okube/does-not-exist:1";

    [Theory]
    [InlineData("IfNotPresent")]
    [InlineData("Never")]
    [InlineData("ifnotpresent")]
    [InlineData("")]
    public async Task A_local_image_needs_no_registry(string policy)
    {
        await Runtime.EnsureImageAsync(DockerFixture.Image, policy, Ct);
    }

    [Fact]
    public async Task Never_with_a_missing_image_is_ErrImageNeverPull()
    {
        var e = await Assert.ThrowsAsync<ImagePullException>(() => Runtime.EnsureImageAsync(MissingLocal, "Never", Ct));

        Assert.Equal("ErrImageNeverPull", e.Message);
        Assert.Equal(MissingLocal, e.Image);
    }

    [Theory]
    [InlineData("Always")]
    [InlineData("IfNotPresent")]
    public async Task A_failed_pull_from_the_loopback_registry_throws_ImagePullException_promptly(string policy)
    {
        const string image = "127.0.0.1:5000/okube/does-not-exist:1";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));

        var e = await Assert.ThrowsAsync<ImagePullException>(() => Runtime.EnsureImageAsync(image, policy, deadline.Token));

        Assert.StartsWith("ErrImagePull: ", e.Message);
        Assert.Equal(image, e.Image);
    }

    [Fact]
    public async Task Creating_from_a_missing_image_is_an_image_error_not_a_pull()
    {
        var e = await Assert.ThrowsAsync<ImagePullException>(() => Runtime.CreateAsync(Request(["true"], image: MissingLocal), Ct));

        Assert.Equal(MissingLocal, e.Image);
    }
}
