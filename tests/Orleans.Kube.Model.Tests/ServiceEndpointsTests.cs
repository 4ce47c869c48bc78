using System.Text.Json.Nodes;
using Orleans.Kube.Model.Networking;

namespace Orleans.Kube.Model.Tests;

public sealed class ServiceEndpointsTests
{
    private static readonly JsonObject Service = JsonNode.Parse("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"ns","uid":"svc-uid","labels":{"tier":"front"}},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"}]}}
        """)!.AsObject();

    private static JsonObject Pod(string name, string? ip, bool ready, int port = 8080, string app = "web", bool deleting = false, string phase = "Running")
    {
        var readiness = ready ? "True" : "False";
        var pod = JsonNode.Parse($$$"""
            {"metadata":{"name":"{{{name}}}","namespace":"ns","uid":"{{{name}}}-uid","labels":{"app":"{{{app}}}"}},
             "spec":{"nodeName":"n1","containers":[{"name":"c","ports":[{"name":"http","containerPort":{{{port}}}}]}]},
             "status":{"phase":"{{{phase}}}","conditions":[{"type":"Ready","status":"{{{readiness}}}"}]}}
            """)!.AsObject();
        if (ip is not null) pod["status"]!["podIP"] = ip;
        if (deleting) pod["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        return pod;
    }

    [Fact]
    public void ReadyAndNotReadyPodsAreSplitAndNamedPortsResolved()
    {
        var endpoints = ServiceEndpoints.Endpoints(Service, [
            Pod("b", "127.80.0.2", true), Pod("a", "127.80.0.1", true), Pod("c", "127.80.0.3", false),
            Pod("other", "127.80.0.4", true, app: "db"), Pod("pending", null, false), Pod("done", "127.80.0.5", true, phase: "Succeeded"),
            Pod("going", "127.80.0.6", true, deleting: true),
        ]);
        var subset = Assert.Single(endpoints["subsets"]!.AsArray())!;
        Assert.Equal(["127.80.0.1", "127.80.0.2"], subset["addresses"]!.AsArray().Select(a => a!["ip"]!.GetValue<string>()));
        Assert.Equal("127.80.0.3", Assert.Single(subset["notReadyAddresses"]!.AsArray())!["ip"]!.GetValue<string>());
        Assert.Equal(8080, subset["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("http", subset["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("front", endpoints["metadata"]!["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public void PodsWhoseNamedPortDiffersLandInSeparateSubsetsAndSlices()
    {
        var pods = new[] { Pod("a", "127.80.0.1", true, port: 8080), Pod("b", "127.80.0.2", true, port: 9090) };
        Assert.Equal(2, ServiceEndpoints.Endpoints(Service, pods)["subsets"]!.AsArray().Count);
        var slices = ServiceEndpoints.Slices(Service, pods);
        Assert.Equal(2, slices.Count);
        Assert.All(slices, s => Assert.StartsWith("web-", s.Name()));
        Assert.NotEqual(slices[0].Name(), slices[1].Name());
        Assert.All(slices, s => Assert.Equal("svc-uid", s["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>()));
        Assert.All(slices, s => Assert.Equal("web", s.Labels()[ServiceEndpoints.ServiceNameLabel]));
    }

    [Fact]
    public void SlicesMarkTerminatingPodsAndStayStableAcrossCalls()
    {
        var pods = new[] { Pod("a", "127.80.0.1", true), Pod("going", "127.80.0.6", true, deleting: true) };
        var slice = Assert.Single(ServiceEndpoints.Slices(Service, pods));
        var going = slice["endpoints"]!.AsArray().Single(e => e!["addresses"]![0]!.GetValue<string>() == "127.80.0.6")!;
        Assert.False(going["conditions"]!["ready"]!.GetValue<bool>());
        Assert.True(going["conditions"]!["terminating"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(slice, ServiceEndpoints.Slices(Service, pods.Reverse())[0]));
    }

    [Fact]
    public void AServiceWithoutSelectorIsNotManagedAndAnEmptyOneKeepsOneSlice()
    {
        var manual = Service.DeepClone().AsObject();
        manual["spec"]!.AsObject().Remove("selector");
        Assert.False(ServiceEndpoints.IsManaged(manual));
        Assert.True(ServiceEndpoints.IsManaged(Service));
        Assert.Null(ServiceEndpoints.Endpoints(Service, [])["subsets"]);
        Assert.Empty(Assert.Single(ServiceEndpoints.Slices(Service, []))["endpoints"]!.AsArray());
    }
}
