namespace Orleans.Kube.Runtime.Tests;

public sealed class SimulatedImageTests : SimulatedTestBase
{
    [Fact]
    public async Task Every_image_is_present_by_default()
    {
        var runtime = NewRuntime();

        await runtime.EnsureImageAsync("anything/at-all:7", "Never", Ct);
        await runtime.EnsureImageAsync("anything/at-all:7", "Always", Ct);
    }

    [Fact]
    public async Task Policies_apply_when_only_preloaded_and_pulled_images_are_present()
    {
        var runtime = new SimulatedContainerRuntime(new SimulatedRuntimeOptions
        {
            AllImagesPresent = false,
            PreloadedImages = ["okube/busybox:1"],
            PullError = image => image.Contains("broken", StringComparison.Ordinal) ? "manifest unknown" : null,
        });

        await runtime.EnsureImageAsync("okube/busybox:1", "Never", Ct);
        var never = await Assert.ThrowsAsync<ImagePullException>(() => runtime.EnsureImageAsync("okube/app:2", "Never", Ct));
        Assert.Equal(("ErrImageNeverPull", "okube/app:2"), (never.Message, never.Image));
        await Assert.ThrowsAsync<ImagePullException>(() => runtime.CreateAsync(Request("app", image: "okube/app:2"), Ct));

        await runtime.EnsureImageAsync("okube/app:2", "IfNotPresent", Ct);
        await runtime.EnsureImageAsync("okube/app:2", "Never", Ct);
        await runtime.CreateAsync(Request("app", image: "okube/app:2"), Ct);

        var failed = await Assert.ThrowsAsync<ImagePullException>(() => runtime.EnsureImageAsync("okube/broken:1", "Always", Ct));
        Assert.Equal("ErrImagePull: manifest unknown", failed.Message);
    }

    [Theory]
    [InlineData("", "nginx", "Always")]
    [InlineData(null, "nginx:latest", "Always")]
    [InlineData("", "127.0.0.1:5000/team/app", "Always")]
    [InlineData("", "127.0.0.1:5000/team/app:2", "IfNotPresent")]
    [InlineData("", "okube/app@sha256:abc", "IfNotPresent")]
    [InlineData("never", "nginx", "Never")]
    [InlineData("ALWAYS", "nginx:1", "Always")]
    public void Pull_policies_resolve_like_kubernetes_defaults(string? policy, string image, string expected)
    {
        Assert.Equal(expected, ImagePullPolicies.Resolve(policy, image));
    }

    [Fact]
    public void An_unknown_pull_policy_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ImagePullPolicies.Resolve("Sometimes", "nginx"));
    }

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("okube/busybox:1", "okube/busybox", "1")]
    [InlineData("127.0.0.1:5000/okube/app", "127.0.0.1:5000/okube/app", "latest")]
    [InlineData("127.0.0.1:5000/okube/app:2", "127.0.0.1:5000/okube/app", "2")]
    [InlineData("okube/app:2@sha256:abc", "okube/app", "sha256:abc")]
    public void Image_references_never_pull_every_tag(string image, string repository, string pullTag)
    {
        var reference = ImageReference.Parse(image);

        Assert.Equal((repository, pullTag), (reference.Repository, reference.PullTag));
    }
}
