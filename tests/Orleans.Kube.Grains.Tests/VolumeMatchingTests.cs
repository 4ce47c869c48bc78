using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

[Trait("Category", "Unit")]
public sealed class VolumeMatchingTests
{
    private static JsonObject Volume(string name, string size, string labels = "{}", string modes = "\"ReadWriteOnce\"", string extra = "") =>
        JsonNode.Parse("""{"metadata":{"name":"NAME","labels":LABELS},"spec":{"capacity":{"storage":"SIZE"},"accessModes":[MODES]EXTRA}}"""
            .Replace("NAME", name).Replace("LABELS", labels).Replace("SIZE", size).Replace("MODES", modes).Replace("EXTRA", extra))!.AsObject();

    private static JsonObject Claim(string size, string selector = "null", string modes = "\"ReadWriteOnce\"") =>
        JsonNode.Parse("""{"metadata":{"name":"data","namespace":"ns","uid":"c1"},"spec":{"accessModes":[MODES],"selector":SELECTOR,"resources":{"requests":{"storage":"SIZE"}}}}"""
            .Replace("MODES", modes).Replace("SELECTOR", selector).Replace("SIZE", size))!.AsObject();

    [Fact]
    public void The_smallest_volume_that_fits_wins()
    {
        var best = VolumeMatching.Best(Claim("1Gi"), [Volume("big", "10Gi"), Volume("small", "2Gi"), Volume("tiny", "500Mi")]);
        Assert.Equal("small", best!.Name());
    }

    [Fact]
    public void Access_modes_selector_and_binding_to_others_rule_volumes_out()
    {
        Assert.Null(VolumeMatching.Best(Claim("1Gi", modes: "\"ReadWriteMany\""), [Volume("rwo", "2Gi")]));
        var selector = """{"matchExpressions":[{"key":"tier","operator":"In","values":["fast"]}]}""";
        Assert.Equal("fast", VolumeMatching.Best(Claim("1Gi", selector), [Volume("slow", "2Gi", """{"tier":"slow"}"""), Volume("fast", "5Gi", """{"tier":"fast"}""")])!.Name());
        var taken = Volume("taken", "2Gi", extra: ""","claimRef":{"namespace":"ns","name":"other","uid":"o1"}""");
        Assert.Null(VolumeMatching.Best(Claim("1Gi"), [taken]));
    }

    [Fact]
    public void A_volume_pre_bound_to_the_claim_wins_whatever_its_size()
    {
        var mine = Volume("mine", "100Gi", extra: ""","claimRef":{"namespace":"ns","name":"data"}""");
        Assert.Equal("mine", VolumeMatching.Best(Claim("1Gi"), [Volume("fit", "1Gi"), mine])!.Name());
    }
}
