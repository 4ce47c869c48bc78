using System.Text.Json.Nodes;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model.Tests;

public sealed class StrategicMergePatchTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},"finalizers":["a","b"]},
         "spec":{"replicas":2,
          "selector":{"matchLabels":{"app":"web"}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[
             {"name":"web","image":"web:1","args":["--port","80"],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
              "ports":[{"containerPort":80,"name":"http"},{"containerPort":443,"name":"https"}],
              "volumeMounts":[{"name":"data","mountPath":"/data"}]},
             {"name":"sidecar","image":"sidecar:1"}],
            "volumes":[{"name":"data","emptyDir":{}}],
            "tolerations":[{"key":"k1","operator":"Exists"}]}}},
         "status":{"conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True"}]}}
        """;

    // What kubectl v1.32 `apply` sends after env B is removed from the manifest and the image is bumped.
    [Fact]
    public void KubectlApplyBodyRemovesEnvVarAndChangesImage()
    {
        var patch = """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{...}"}},
             "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],
               "containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"web:2","name":"web"}]}}}}
            """;
        var expected = JsonNode.Parse(Deployment)!;
        expected["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = "{...}" };
        var web = expected["spec"]!["template"]!["spec"]!["containers"]![0]!;
        web["image"] = "web:2";
        web["env"] = JsonNode.Parse("""[{"name":"A","value":"1"}]""");

        var result = Apply(Deployment, patch, "Deployment");

        AssertJson(expected.ToJsonString(), result);
    }

    [Fact]
    public void RemovedEnvVarIsDeletedByName()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"$patch":"delete","name":"A"}]}]}}}}
            """, "Deployment");

        AssertJson("""[{"name":"B","value":"2"}]""", Container(result, 0)["env"]);
    }

    [Fact]
    public void MapsMergeRecursivelyAndNullDeletesAKey()
    {
        var result = Apply(Deployment, """
            {"metadata":{"labels":{"app":null,"tier":"front"}},"spec":{"strategy":{"rollingUpdate":{"maxSurge":null}}}}
            """, "Deployment")!;

        AssertJson("""{"tier":"front"}""", result["metadata"]!["labels"]);
        AssertJson("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0}}""", result["spec"]!["strategy"]);
        Assert.Equal("web", (string?)result["metadata"]!["name"]);
    }

    [Fact]
    public void NullForAMissingKeyIsIgnored()
    {
        var result = Apply("""{"a":1}""", """{"b":null,"c":{"d":null,"e":1}}""", "ConfigMap");

        AssertJson("""{"a":1,"c":{"e":1}}""", result);
    }

    [Fact]
    public void ContainersMergeByNameLeavingOthersUntouched()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"sidecar:2"}]}}}}
            """, "Deployment");

        Assert.Equal("web:1", (string?)Container(result, 0)["image"]);
        Assert.Equal("sidecar:2", (string?)Container(result, 1)["image"]);
        Assert.Equal(2, Containers(result).Count);
    }

    // apimachinery puts elements new to the list before the live ones when no $setElementOrder says otherwise
    // (the kubernetes.io "kubectl patch" tutorial shows the added redis container first).
    [Fact]
    public void NewContainerWithoutOrderDirectiveGoesFirstLikeKubernetes()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"redis","image":"redis"}]}}}}
            """, "Deployment");

        Assert.Equal(["redis", "web", "sidecar"], Containers(result).Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void NewContainerIsPlacedWhereSetElementOrderSays()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"},{"name":"redis"}],
              "containers":[{"name":"redis","image":"redis"}]}}}}
            """, "Deployment");

        Assert.Equal(["web", "sidecar", "redis"], Containers(result).Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void SetElementOrderReordersTheList()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}]}}}}
            """, "Deployment");

        Assert.Equal(["sidecar", "web"], Containers(result).Select(c => (string?)c!["name"]));
        Assert.Equal("web:1", (string?)Container(result, 1)["image"]);
    }

    // apimachinery's "set elements order in a list with server-only items 2".
    [Fact]
    public void SetElementOrderInterleavesServerOnlyItemsByLiveOrder()
    {
        var result = Apply(
            """{"spec":{"volumes":[{"name":"1","x":"a"},{"name":"2","v":2},{"name":"9"},{"name":"3","v":3},{"name":"4","v":4}]}}""",
            """{"spec":{"$setElementOrder/volumes":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]}}""",
            "Pod");

        AssertJson(
            """{"spec":{"volumes":[{"name":"2","v":2},{"name":"1","x":"a"},{"name":"9"},{"name":"4","v":4},{"name":"3","v":3}]}}""",
            result);
    }

    [Fact]
    public void SetElementOrderThatContradictsThePatchListIsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(
            """{"spec":{"volumes":[{"name":"1"},{"name":"3"},{"name":"2"}]}}""",
            """{"spec":{"$setElementOrder/volumes":[{"name":"1"},{"name":"2"},{"name":"3"}],"volumes":[{"name":"3","v":3},{"name":"1","v":1}]}}""",
            "Pod"));

        Assert.Contains("doesn't match", error.Message);
    }

    [Fact]
    public void ContainerPortsMergeByContainerPort()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"name":"web"},{"containerPort":8080}]}]}}}}
            """, "Deployment");

        // Patch order first, live-only ports slotted in by live order (apimachinery's mergeSortedSlice).
        AssertJson(
            """[{"containerPort":80,"name":"web"},{"containerPort":8080},{"containerPort":443,"name":"https"}]""",
            Container(result, 0)["ports"]);
    }

    [Fact]
    public void ServicePortsMergeByPort()
    {
        const string service = """
            {"kind":"Service","spec":{"selector":{"app":"web"},"ports":[
              {"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},
              {"name":"https","port":443,"targetPort":8443,"protocol":"TCP"}]}}
            """;

        var result = Apply(service, """
            {"spec":{"$setElementOrder/ports":[{"port":80},{"port":443}],"ports":[{"port":443,"targetPort":9443}]}}
            """, "Service");

        AssertJson("""
            [{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},
             {"name":"https","port":443,"targetPort":9443,"protocol":"TCP"}]
            """, result!["spec"]!["ports"]);
    }

    [Fact]
    public void PortsInAnEndpointsSubsetAreReplacedWholesale()
    {
        var result = Apply(
            """{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80},{"port":443}]}]}""",
            """{"subsets":[{"addresses":[{"ip":"10.0.0.2"}],"ports":[{"port":8080}]}]}""",
            "Endpoints");

        AssertJson("""{"subsets":[{"addresses":[{"ip":"10.0.0.2"}],"ports":[{"port":8080}]}]}""", result);
    }

    [Fact]
    public void ListsWithoutAMergeKeyAreReplaced()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}],
              "containers":[{"name":"web","args":["--verbose"]}]}}}}
            """, "Deployment");

        AssertJson("""[{"key":"k2","operator":"Exists"}]""", result!["spec"]!["template"]!["spec"]!["tolerations"]);
        AssertJson("""["--verbose"]""", Container(result, 0)["args"]);
    }

    [Fact]
    public void VolumeMountsMergeByMountPath()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}}}
            """, "Deployment");

        AssertJson("""[{"name":"data","mountPath":"/data","readOnly":true}]""", Container(result, 0)["volumeMounts"]);
    }

    [Fact]
    public void ContainersNestedInACronJobMergeByName()
    {
        const string cronJob = """
            {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
              {"name":"job","image":"job:1","env":[{"name":"A","value":"1"}]}]}}}}}}
            """;

        var result = Apply(cronJob, """
            {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
              {"name":"job","env":[{"name":"B","value":"2"}]}]}}}}}}
            """, "CronJob");

        AssertJson("""
            {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
              {"name":"job","image":"job:1","env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]}]}}}}}}
            """, result);
    }

    [Fact]
    public void StatusConditionsMergeByType()
    {
        var result = Apply(Deployment, """
            {"status":{"conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"}]}}
            """, "Deployment");

        AssertJson("""
            [{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"},{"type":"Progressing","status":"True"}]
            """, result!["status"]!["conditions"]);
    }

    [Fact]
    public void OwnerReferencesMergeByUid()
    {
        var result = Apply(
            """{"metadata":{"ownerReferences":[{"uid":"u1","name":"rs-1","controller":true}]}}""",
            """{"metadata":{"ownerReferences":[{"uid":"u1","controller":false},{"uid":"u2","name":"rs-2"}]}}""",
            "Pod");

        AssertJson(
            """{"metadata":{"ownerReferences":[{"uid":"u1","name":"rs-1","controller":false},{"uid":"u2","name":"rs-2"}]}}""",
            result);
    }

    [Fact]
    public void FinalizersAreUnionedWithoutDuplicates()
    {
        var result = Apply(Deployment, """
            {"metadata":{"$setElementOrder/finalizers":["a","b","c"],"finalizers":["b","c"]}}
            """, "Deployment");

        AssertJson("""["a","b","c"]""", result!["metadata"]!["finalizers"]);
    }

    [Fact]
    public void DeleteFromPrimitiveListRemovesAFinalizer()
    {
        var result = Apply(Deployment, """
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}
            """, "Deployment");

        AssertJson("""["b"]""", result!["metadata"]!["finalizers"]);
    }

    [Fact]
    public void DeleteFromPrimitiveListOfAMissingListAddsNothing()
    {
        var result = Apply("""{"metadata":{"name":"x"}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""", "Pod");

        AssertJson("""{"metadata":{"name":"x"}}""", result);
    }

    [Fact]
    public void OtherPrimitiveListsAreReplaced()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","args":["--port","80","--debug"]}]}}}}
            """, "Deployment");

        AssertJson("""["--port","80","--debug"]""", Container(result, 0)["args"]);
    }

    [Fact]
    public void PatchReplaceInAMapReplacesTheWholeMap()
    {
        var result = Apply(Deployment, """
            {"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}
            """, "Deployment");

        AssertJson("""{"type":"Recreate"}""", result!["spec"]!["strategy"]);
    }

    [Fact]
    public void PatchDeleteInAMapEmptiesIt()
    {
        var result = Apply(Deployment, """{"spec":{"selector":{"$patch":"delete"}}}""", "Deployment");

        AssertJson("{}", result!["spec"]!["selector"]);
    }

    [Fact]
    public void PatchReplaceElementReplacesTheWholeList()
    {
        var result = Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"$patch":"replace"},{"name":"C","value":"3"}]}]}}}}
            """, "Deployment");

        AssertJson("""[{"name":"C","value":"3"}]""", Container(result, 0)["env"]);
    }

    [Fact]
    public void PatchMergeIsTheDefaultBehaviour()
    {
        var result = Apply("""{"spec":{"selector":{"a":"1"}}}""", """{"spec":{"selector":{"$patch":"merge","b":"2"}}}""", "Service");

        AssertJson("""{"spec":{"selector":{"a":"1","b":"2"}}}""", result);
    }

    [Fact]
    public void DeletingAListElementWithoutItsMergeKeyIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"$patch":"delete","value":"1"}]}]}}}}
            """, "Deployment"));
    }

    [Fact]
    public void MergingAnElementWithoutItsMergeKeyIsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"image":"web:3"}]}}}}
            """, "Deployment"));

        Assert.Contains("merge key \"name\"", error.Message);
    }

    [Fact]
    public void UnknownPatchDirectiveIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply(Deployment, """{"spec":{"$patch":"explode"}}""", "Deployment"));
    }

    [Fact]
    public void RetainKeysDropsFieldsThatAreNotListed()
    {
        var result = Apply(Deployment, """
            {"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}
            """, "Deployment");

        AssertJson("""{"type":"Recreate"}""", result!["spec"]!["strategy"]);
    }

    [Fact]
    public void RetainKeysMustListEveryFieldThePatchSets()
    {
        Assert.Throws<PatchException>(() => Apply(Deployment, """
            {"spec":{"strategy":{"$retainKeys":["type"],"type":"RollingUpdate","rollingUpdate":{"maxSurge":2}}}}
            """, "Deployment"));
    }

    [Fact]
    public void DirectivesNeverAppearInTheOutput()
    {
        var result = Apply("""{"kind":"Pod","metadata":{"name":"p"}}""", """
            {"metadata":{"$setElementOrder/finalizers":["x"],"finalizers":["x"],"labels":{"$patch":"replace","a":"1"}},
             "spec":{"$setElementOrder/containers":[{"name":"c"}],
              "containers":[{"name":"c","$setElementOrder/env":[{"name":"A"}],
                "env":[{"name":"A","value":"1","valueFrom":null},{"$patch":"delete","name":"B"}],
                "resources":{"$retainKeys":["limits"],"limits":{"cpu":"1"}}}],
              "volumes":[{"$patch":"replace"},{"name":"v","emptyDir":{}}]}}
            """, "Pod");

        AssertJson("""
            {"kind":"Pod","metadata":{"name":"p","finalizers":["x"],"labels":{"a":"1"}},
             "spec":{"containers":[{"name":"c","env":[{"name":"A","value":"1"}],"resources":{"limits":{"cpu":"1"}}}],
              "volumes":[{"name":"v","emptyDir":{}}]}}
            """, result);
        Assert.DoesNotContain("$", result!.ToJsonString());
    }

    [Fact]
    public void MissingTargetIsTreatedAsAnEmptyObject()
    {
        var result = StrategicMergePatch.Apply(null, JsonNode.Parse("""{"metadata":{"name":"x","labels":null}}""")!, "Pod");

        AssertJson("""{"metadata":{"name":"x"}}""", result);
    }

    [Fact]
    public void PatchThatIsNotAnObjectIsRejected()
    {
        Assert.Throws<PatchException>(() => Apply(Deployment, """[{"op":"remove","path":"/spec"}]""", "Deployment"));
    }

    [Fact]
    public void InputsAreNotMutated()
    {
        var target = JsonNode.Parse(Deployment)!;
        var patch = JsonNode.Parse("""
            {"metadata":{"labels":{"app":null},"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},
              "template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"},{"name":"new"}],
               "containers":[{"name":"web","image":"web:2","env":[{"$patch":"delete","name":"A"}]},{"name":"new","image":"n"}]}}}}
            """)!;
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(target, patch, "Deployment")!;
        Assert.Equal(["sidecar", "web", "new"], Containers(result).Select(c => (string?)c!["name"]));
        result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "mutated";

        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    private static JsonNode? Apply(string target, string patch, string kind) =>
        StrategicMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)!, kind);

    private static JsonArray Containers(JsonNode? deployment) =>
        deployment!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();

    private static JsonNode Container(JsonNode? deployment, int index) => Containers(deployment)[index]!;

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }
}
