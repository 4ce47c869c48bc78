using System.Text.Json.Nodes;
using Orleans.Kube.Model.OpenApi;
using Xunit;

namespace Orleans.Kube.Model.Tests.OpenApi;

public class ModelSchemasTests
{
    private static readonly ModelSchemas Schemas = new(ResourceKinds.All, ModelDocumentation.Load());

    private static JsonObject V3(params ResourceKind[] kinds) => Schemas.Definitions(kinds, OpenApiDialect.V3);

    private static JsonObject Property(JsonObject definitions, string definition, string field) =>
        definitions[definition]!["properties"]![field]!.AsObject();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public void A_kind_and_its_list_carry_their_group_version_kind()
    {
        var definitions = V3(ResourceKinds.Deployment);

        Assert.Equal("""[{"group":"apps","kind":"Deployment","version":"v1"}]""",
            definitions["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("""[{"group":"apps","kind":"DeploymentList","version":"v1"}]""",
            definitions["io.k8s.api.apps.v1.DeploymentList"]!["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Null(definitions["io.k8s.api.apps.v1.DeploymentSpec"]!["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void Definitions_are_named_by_the_package_kube_declares_them_in()
    {
        var definitions = V3(ResourceKinds.Deployment, ResourceKinds.HorizontalPodAutoscaler, ResourceKinds.Event, ResourceKinds.EndpointSlice);

        Assert.Contains("io.k8s.api.core.v1.PodTemplateSpec", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.api.core.v1.Container", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.apimachinery.pkg.util.intstr.IntOrString", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.apimachinery.pkg.api.resource.Quantity", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.api.core.v1.Event", definitions.Select(d => d.Key));
        Assert.Contains("io.k8s.api.discovery.v1.EndpointPort", definitions.Select(d => d.Key));
    }

    [Fact]
    public void Fields_take_their_descriptions_from_the_models_documentation_and_refer_through_allOf()
    {
        var strategy = Property(V3(ResourceKinds.Deployment), "io.k8s.api.apps.v1.DeploymentSpec", "strategy");

        Assert.Equal("The deployment strategy to use to replace existing pods with new ones.", strategy["description"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy", strategy["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal("retainKeys", strategy["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.StartsWith("DeploymentStrategy describes how to replace existing pods",
            V3(ResourceKinds.Deployment)["io.k8s.api.apps.v1.DeploymentStrategy"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Well_known_lists_carry_their_merge_keys_and_list_map_keys()
    {
        var definitions = V3(ResourceKinds.Pod);

        var containers = Property(definitions, "io.k8s.api.core.v1.PodSpec", "containers");
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal(["name"], Strings(containers["x-kubernetes-list-map-keys"]));
        Assert.Equal("array", containers["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers["items"]!["allOf"]![0]!["$ref"]!.GetValue<string>());

        var ports = Property(definitions, "io.k8s.api.core.v1.Container", "ports");
        Assert.Equal("containerPort", ports["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal(["containerPort", "protocol"], Strings(ports["x-kubernetes-list-map-keys"]));
        Assert.Equal("merge,retainKeys", Property(definitions, "io.k8s.api.core.v1.PodSpec", "volumes")["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("mountPath", Property(definitions, "io.k8s.api.core.v1.Container", "volumeMounts")["x-kubernetes-patch-merge-key"]!.GetValue<string>());
    }

    [Fact]
    public void Required_fields_come_from_value_types_and_the_well_known_table()
    {
        var definitions = V3(ResourceKinds.Deployment);

        Assert.Equal(["selector", "template"], Strings(definitions["io.k8s.api.apps.v1.DeploymentSpec"]!["required"]));
        Assert.Equal(["name"], Strings(definitions["io.k8s.api.core.v1.Container"]!["required"]));
        Assert.Equal(["containerPort"], Strings(definitions["io.k8s.api.core.v1.ContainerPort"]!["required"]));
        Assert.Equal(["containers"], Strings(definitions["io.k8s.api.core.v1.PodSpec"]!["required"]));
        Assert.Null(definitions["io.k8s.api.apps.v1.DeploymentStrategy"]!["required"]);
    }

    [Fact]
    public void Primitive_fields_map_to_openapi_types_and_formats()
    {
        var definitions = V3(ResourceKinds.Deployment, ResourceKinds.ConfigMap);

        Assert.Equal("""{"description":"Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.","type":"integer","format":"int32"}""",
            Property(definitions, "io.k8s.api.apps.v1.DeploymentSpec", "replicas").ToJsonString());
        Assert.Equal("date-time", Property(definitions, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp")["format"]!.GetValue<string>());
        var data = Property(definitions, "io.k8s.api.core.v1.ConfigMap", "data");
        Assert.Equal("object", data["type"]!.GetValue<string>());
        Assert.Equal("string", data["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Equal("byte", Property(definitions, "io.k8s.api.core.v1.ConfigMap", "binaryData")["additionalProperties"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public void String_like_values_are_strings_in_v2_and_list_their_json_types_in_v3()
    {
        const string intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

        Assert.Equal("""[{"type":"integer"},{"type":"string"}]""", V3(ResourceKinds.Pod)[intOrString]!["oneOf"]!.ToJsonString());
        var v2 = Schemas.Definitions([ResourceKinds.Pod], OpenApiDialect.V2)[intOrString]!;
        Assert.Equal("string", v2["type"]!.GetValue<string>());
        Assert.Equal("int-or-string", v2["format"]!.GetValue<string>());
    }

    [Fact]
    public void Every_served_model_and_field_has_its_description()
    {
        var documentation = ModelDocumentation.Load();
        var models = ResourceKinds.All.SelectMany(SchemaNames.Roots).SelectMany(t => ModelTypes.Closure(t)).Where(ModelTypes.IsModel).Distinct().ToList();

        Assert.True(models.Count > 200, $"{models.Count} models");
        Assert.All(models, model => Assert.NotNull(documentation.Type(model)));
        Assert.All(models.SelectMany(m => ModelTypes.Fields(m).Select(f => (Model: m, f.Property.Name))),
            field => Assert.True(documentation.Property(field.Model, field.Name) is not null, $"{field.Model.Name}.{field.Name}"));
    }

    [Theory]
    [InlineData(OpenApiDialect.V2, "#/definitions/")]
    [InlineData(OpenApiDialect.V3, "#/components/schemas/")]
    public void Every_reference_resolves_within_the_definitions_of_its_group_version(OpenApiDialect dialect, string prefix)
    {
        foreach (var group in ResourceKinds.All.GroupBy(k => k.ApiVersion))
        {
            var definitions = Schemas.Definitions(group, dialect);
            var references = References(definitions).ToList();

            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.True(r.StartsWith(prefix, StringComparison.Ordinal) && definitions.ContainsKey(r[prefix.Length..]), $"{group.Key}: {r}"));
        }
    }

    [Fact]
    public void V2_puts_the_description_beside_the_reference()
    {
        var strategy = Property(Schemas.Definitions([ResourceKinds.Deployment], OpenApiDialect.V2), "io.k8s.api.apps.v1.DeploymentSpec", "strategy");

        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentStrategy", strategy["$ref"]!.GetValue<string>());
        Assert.NotNull(strategy["description"]);
        Assert.Null(strategy["allOf"]);
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
