using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

public sealed class ObjectValidatorTests
{
    private const string Container = """{"name":"app","image":"nginx"}""";

    // ---- helpers -------------------------------------------------------------------------------

    // "@C" stands for a minimal valid container, keeping the JSON literals short.
    private static JsonObject Json(string text) => JsonNode.Parse(text.Replace("@C", Container, StringComparison.Ordinal))!.AsObject();

    private static IReadOnlyList<FieldError> Validate(string kind, JsonObject obj, bool namespaced = true) =>
        ObjectValidator.Validate(kind, obj, namespaced);

    private static JsonObject Pod(string spec = """{"containers":[@C]}""") =>
        Json("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":""" + spec + "}");

    private static JsonObject PodWithContainer(string container) => Pod("""{"containers":[""" + container + "]}");

    private static JsonObject Workload(string kind, string spec) =>
        Json("{\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"},\"spec\":" + spec + "}");

    private static JsonObject Deployment(string extra = "", string labels = """{"app":"web"}""", string podSpec = """{"containers":[@C]}""") =>
        Workload("Deployment", "{" + extra + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":" + labels + "},\"spec\":" + podSpec + "}}");

    private static JsonObject Service(string spec) => Workload("Service", spec);

    private static JsonObject Job(string podSpecExtra = ""","restartPolicy":"Never" """, string extra = "") =>
        Workload("Job", "{" + extra + "\"template\":{\"spec\":{\"containers\":[@C]" + podSpecExtra + "}}}");

    private static FieldError Only(IReadOnlyList<FieldError> errors) => Assert.Single(errors);

    private static void AssertError(IReadOnlyList<FieldError> errors, string type, string field, string message) =>
        Assert.Contains(new FieldError(type, field, message), errors);

    // ---- metadata ------------------------------------------------------------------------------

    [Fact]
    public void A_minimal_pod_is_valid()
    {
        Assert.Empty(Validate("Pod", Pod()));
    }

    [Fact]
    public void A_missing_name_is_required()
    {
        var pod = Pod();
        pod["metadata"]!.AsObject().Remove("name");

        var error = Only(Validate("Pod", pod));

        Assert.Equal(new FieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"), error);
    }

    [Fact]
    public void A_name_that_is_not_a_dns_subdomain_is_invalid()
    {
        var pod = Pod();
        pod["metadata"]!["name"] = "Web_1";

        var error = Only(Validate("Pod", pod));

        Assert.Equal("FieldValueInvalid", error.Type);
        Assert.Equal("metadata.name", error.Field);
        Assert.Equal(
            "Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
            "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            error.Message);
    }

    [Fact]
    public void A_generate_name_ending_in_a_dash_is_valid()
    {
        var pod = Pod();
        pod["metadata"]!["generateName"] = "web-";

        Assert.Empty(Validate("Pod", pod));
    }

    [Fact]
    public void Namespaces_must_be_dns_labels_so_dots_are_refused()
    {
        var valid = Json("""{"kind":"Namespace","metadata":{"name":"team-a"}}""");
        var dotted = Json("""{"kind":"Namespace","metadata":{"name":"team.a"}}""");

        Assert.Empty(Validate("Namespace", valid, namespaced: false));
        AssertError(Validate("Namespace", dotted, namespaced: false), "FieldValueInvalid", "metadata.name", "Invalid value: \"team.a\": must not contain dots");
    }

    [Fact]
    public void A_cluster_scoped_object_ignores_a_namespace_but_a_namespaced_one_requires_it()
    {
        var node = Json("""{"kind":"Node","metadata":{"name":"n1","namespace":"default"}}""");
        var pod = Pod();
        pod["metadata"]!.AsObject().Remove("namespace");

        Assert.Empty(Validate("Node", node, namespaced: false));
        AssertError(Validate("Pod", pod), "FieldValueRequired", "metadata.namespace", "Required value");
    }

    [Fact]
    public void Label_keys_and_values_are_checked_on_the_labels_path()
    {
        var valid = Pod();
        valid["metadata"]!["labels"] = Json("""{"app.kubernetes.io/name":"web","tier":""}""");
        var invalid = Pod();
        invalid["metadata"]!["labels"] = Json("""{"bad key":"ok","app":"-bad-"}""");

        var errors = Validate("Pod", invalid);

        Assert.Empty(Validate("Pod", valid));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("metadata.labels", e.Field));
        Assert.StartsWith("Invalid value: \"bad key\": name part must consist of", errors[0].Message);
        Assert.StartsWith("Invalid value: \"-bad-\": a valid label must be an empty string", errors[1].Message);
    }

    [Fact]
    public void A_label_value_longer_than_63_characters_is_invalid()
    {
        var pod = Pod();
        pod["metadata"]!["labels"] = new JsonObject { ["app"] = new string('a', 64) };

        AssertError(Validate("Pod", pod), "FieldValueInvalid", "metadata.labels", $"Invalid value: \"{new string('a', 64)}\": must be no more than 63 characters");
    }

    [Fact]
    public void Annotation_keys_must_be_qualified_names()
    {
        var valid = Pod();
        valid["metadata"]!["annotations"] = Json("""{"Example.com/Note":"anything at all"}""");
        var invalid = Pod();
        invalid["metadata"]!["annotations"] = Json("""{"a/b/c":"x"}""");

        Assert.Empty(Validate("Pod", valid));
        Assert.Equal("metadata.annotations", Only(Validate("Pod", invalid)).Field);
    }

    [Fact]
    public void Annotations_over_256_kib_in_total_are_too_long()
    {
        var pod = Pod();
        pod["metadata"]!["annotations"] = new JsonObject { ["big"] = new string('x', 256 * 1024) };

        var error = Only(Validate("Pod", pod));

        Assert.Equal(new FieldError("FieldValueTooLong", "metadata.annotations", "Too long: may not be more than 262144 bytes"), error);
    }

    [Fact]
    public void Owner_references_need_api_version_kind_name_and_uid()
    {
        var valid = Pod();
        valid["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true}]""");
        var invalid = Pod();
        invalid["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"kind":"ReplicaSet","name":"rs","uid":"u1"}]""");

        Assert.Empty(Validate("Pod", valid));
        AssertError(Validate("Pod", invalid), "FieldValueInvalid", "metadata.ownerReferences.apiVersion", "Invalid value: \"\": version must not be empty");
    }

    [Fact]
    public void Bare_finalizer_names_must_be_standard_ones()
    {
        var valid = Pod();
        valid["metadata"]!["finalizers"] = JsonNode.Parse("""["example.com/cleanup","foregroundDeletion"]""");
        var invalid = Pod();
        invalid["metadata"]!["finalizers"] = JsonNode.Parse("""["cleanup"]""");

        Assert.Empty(Validate("Pod", valid));
        AssertError(Validate("Pod", invalid), "FieldValueInvalid", "metadata.finalizers[0]",
            "Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified");
    }

    [Fact]
    public void Unknown_kinds_get_only_metadata_checks()
    {
        var widget = Json("""{"kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"anything":-1}}""");
        var badName = Json("""{"kind":"Widget","metadata":{"name":"W!","namespace":"default"}}""");

        Assert.Empty(Validate("Widget", widget));
        Assert.Equal("metadata.name", Only(Validate("Widget", badName)).Field);
    }

    // ---- pods ----------------------------------------------------------------------------------

    [Fact]
    public void A_pod_needs_at_least_one_container()
    {
        AssertError(Validate("Pod", Pod("""{"containers":[]}""")), "FieldValueRequired", "spec.containers", "Required value");
        AssertError(Validate("Pod", Pod("{}")), "FieldValueRequired", "spec.containers", "Required value");
    }

    [Fact]
    public void A_container_needs_a_dns_label_name_and_an_image()
    {
        var errors = Validate("Pod", PodWithContainer("""{"name":""}"""));

        AssertError(errors, "FieldValueRequired", "spec.containers[0].name", "Required value");
        AssertError(errors, "FieldValueRequired", "spec.containers[0].image", "Required value");
        Assert.Equal("spec.containers[0].name", Only(Validate("Pod", PodWithContainer("""{"name":"App","image":"nginx"}"""))).Field);
    }

    [Fact]
    public void Container_names_must_be_unique_across_containers_and_init_containers()
    {
        var duplicate = Pod("""{"containers":[@C,@C]}""");
        var initClash = Pod("""{"containers":[@C],"initContainers":[{"name":"app","image":"busybox"}]}""");
        var distinct = Pod("""{"containers":[@C,{"name":"side","image":"envoy"}],"initContainers":[{"name":"init","image":"busybox"}]}""");

        Assert.Equal(new FieldError("FieldValueDuplicate", "spec.containers[1].name", "Duplicate value: \"app\""), Only(Validate("Pod", duplicate)));
        Assert.Equal(new FieldError("FieldValueDuplicate", "spec.initContainers[0].name", "Duplicate value: \"app\""), Only(Validate("Pod", initClash)));
        Assert.Empty(Validate("Pod", distinct));
    }

    [Fact]
    public void Container_ports_must_be_in_range_and_use_a_known_protocol()
    {
        var valid = PodWithContainer("""{"name":"app","image":"nginx","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP","name":"dns"}]}""");
        var invalid = PodWithContainer("""{"name":"app","image":"nginx","ports":[{"containerPort":70000,"protocol":"HTTP"},{"name":"x"}]}""");

        var errors = Validate("Pod", invalid);

        Assert.Empty(Validate("Pod", valid));
        AssertError(errors, "FieldValueInvalid", "spec.containers[0].ports[0].containerPort", "Invalid value: 70000: must be between 1 and 65535, inclusive");
        AssertError(errors, "FieldValueNotSupported", "spec.containers[0].ports[0].protocol", "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        AssertError(errors, "FieldValueRequired", "spec.containers[0].ports[1].containerPort", "Required value");
    }

    [Fact]
    public void Container_port_names_must_be_unique_iana_names()
    {
        var duplicate = PodWithContainer("""{"name":"app","image":"nginx","ports":[{"containerPort":80,"name":"http"},{"containerPort":81,"name":"http"}]}""");
        var badName = PodWithContainer("""{"name":"app","image":"nginx","ports":[{"containerPort":80,"name":"8080"}]}""");

        Assert.Equal(new FieldError("FieldValueDuplicate", "spec.containers[0].ports[1].name", "Duplicate value: \"http\""), Only(Validate("Pod", duplicate)));
        Assert.Equal(new FieldError("FieldValueInvalid", "spec.containers[0].ports[0].name", "Invalid value: \"8080\": must contain at least one letter (a-z)"), Only(Validate("Pod", badName)));
    }

    [Fact]
    public void Environment_variables_need_names()
    {
        var valid = PodWithContainer("""{"name":"app","image":"nginx","env":[{"name":"MODE","value":"x"},{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}""");
        var invalid = PodWithContainer("""{"name":"app","image":"nginx","env":[{"value":"x"},{"name":"A=B"}]}""");

        var errors = Validate("Pod", invalid);

        Assert.Empty(Validate("Pod", valid));
        AssertError(errors, "FieldValueRequired", "spec.containers[0].env[0].name", "Required value");
        AssertError(errors, "FieldValueInvalid", "spec.containers[0].env[1].name",
            "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='");
    }

    [Fact]
    public void An_env_value_from_needs_exactly_one_known_source()
    {
        var errors = Validate("Pod", PodWithContainer("""{"name":"app","image":"nginx","env":[{"name":"A","valueFrom":{}},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"spec.bogus"}}}]}"""));

        AssertError(errors, "FieldValueInvalid", "spec.containers[0].env[0].valueFrom",
            "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        Assert.Contains(errors, e => e.Type == "FieldValueNotSupported" && e.Field == "spec.containers[0].env[1].valueFrom.fieldRef.fieldPath");
    }

    [Fact]
    public void Requests_may_not_exceed_limits_and_quantities_are_compared_by_value()
    {
        var valid = PodWithContainer("""{"name":"app","image":"nginx","resources":{"requests":{"cpu":"0.5","memory":"1Gi"},"limits":{"cpu":"500m","memory":"1024Mi"}}}""");
        var invalid = PodWithContainer("""{"name":"app","image":"nginx","resources":{"requests":{"cpu":"2","memory":"1.5Gi"},"limits":{"cpu":"1500m","memory":"1Gi"}}}""");

        var errors = Validate("Pod", invalid);

        Assert.Empty(Validate("Pod", valid));
        AssertError(errors, "FieldValueInvalid", "spec.containers[0].resources.requests", "Invalid value: \"2\": must be less than or equal to cpu limit of 1500m");
        AssertError(errors, "FieldValueInvalid", "spec.containers[0].resources.requests", "Invalid value: \"1536Mi\": must be less than or equal to memory limit of 1Gi");
    }

    [Fact]
    public void Numeric_and_exponent_quantities_parse()
    {
        var pod = PodWithContainer("""{"name":"app","image":"nginx","resources":{"requests":{"cpu":1,"memory":"1e3"},"limits":{"cpu":"1000m","memory":"1k"}}}""");

        Assert.Empty(Validate("Pod", pod));
    }

    [Fact]
    public void Malformed_or_negative_quantities_are_invalid()
    {
        var errors = Validate("Pod", PodWithContainer("""{"name":"app","image":"nginx","resources":{"limits":{"cpu":"lots","memory":"-1Mi"}}}"""));

        AssertError(errors, "FieldValueInvalid", "spec.containers[0].resources.limits[cpu]",
            "Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        AssertError(errors, "FieldValueInvalid", "spec.containers[0].resources.limits[memory]", "Invalid value: \"-1Mi\": must be greater than or equal to 0");
    }

    [Fact]
    public void Extended_resources_need_equal_request_and_limit()
    {
        var valid = PodWithContainer("""{"name":"app","image":"nginx","resources":{"requests":{"example.com/gpu":"1"},"limits":{"example.com/gpu":"1"}}}""");
        var invalid = PodWithContainer("""{"name":"app","image":"nginx","resources":{"requests":{"example.com/gpu":"1"}}}""");

        Assert.Empty(Validate("Pod", valid));
        AssertError(Validate("Pod", invalid), "FieldValueRequired", "spec.containers[0].resources.limits", "Required value: Limit must be set for non overcommitable resources");
    }

    [Fact]
    public void Restart_policy_must_be_always_on_failure_or_never()
    {
        var valid = Pod("""{"containers":[@C],"restartPolicy":"OnFailure"}""");
        var invalid = Pod("""{"containers":[@C],"restartPolicy":"Sometimes"}""");

        Assert.Empty(Validate("Pod", valid));
        Assert.Equal(
            new FieldError("FieldValueNotSupported", "spec.restartPolicy", "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
            Only(Validate("Pod", invalid)));
    }

    [Fact]
    public void Volume_names_must_be_unique()
    {
        var valid = Pod("""{"containers":[@C],"volumes":[{"name":"data","emptyDir":{}},{"name":"conf","configMap":{"name":"c"}}]}""");
        var invalid = Pod("""{"containers":[@C],"volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}}]}""");

        Assert.Empty(Validate("Pod", valid));
        Assert.Equal(new FieldError("FieldValueDuplicate", "spec.volumes[1].name", "Duplicate value: \"data\""), Only(Validate("Pod", invalid)));
    }

    [Fact]
    public void A_volume_names_one_source_and_its_reference()
    {
        var errors = Validate("Pod", Pod("""{"containers":[@C],"volumes":[{"name":"a","configMap":{}},{"name":"b","emptyDir":{},"secret":{"secretName":"s"}}]}"""));

        AssertError(errors, "FieldValueRequired", "spec.volumes[0].configMap.name", "Required value");
        AssertError(errors, "FieldValueForbidden", "spec.volumes[1].secret", "Forbidden: may not specify more than 1 volume type");
    }

    [Fact]
    public void Volume_mounts_must_name_an_existing_volume()
    {
        var valid = Pod("""{"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"data","mountPath":"/data"}]}],"volumes":[{"name":"data","emptyDir":{}}]}""");
        var invalid = Pod("""{"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"cache","mountPath":"/cache"}]}]}""");

        Assert.Empty(Validate("Pod", valid));
        Assert.Equal(new FieldError("FieldValueNotFound", "spec.containers[0].volumeMounts[0].name", "Not found: \"cache\""), Only(Validate("Pod", invalid)));
    }

    [Fact]
    public void Pod_level_names_and_deadlines_are_checked()
    {
        var errors = Validate("Pod", Pod("""{"containers":[@C],"nodeName":"Node_1","activeDeadlineSeconds":0,"dnsPolicy":"Sometimes","nodeSelector":{"disk":"ssd!"}}"""));

        Assert.Contains(errors, e => e.Field == "spec.nodeName" && e.Type == "FieldValueInvalid");
        AssertError(errors, "FieldValueInvalid", "spec.activeDeadlineSeconds", "Invalid value: 0: must be between 1 and 2147483647, inclusive");
        Assert.Contains(errors, e => e.Field == "spec.dnsPolicy" && e.Type == "FieldValueNotSupported");
        Assert.Contains(errors, e => e.Field == "spec.nodeSelector" && e.Type == "FieldValueInvalid");
    }

    // ---- apps ----------------------------------------------------------------------------------

    [Fact]
    public void A_minimal_deployment_is_valid()
    {
        Assert.Empty(Validate("Deployment", Deployment()));
    }

    [Fact]
    public void Deployment_replicas_may_not_be_negative()
    {
        var error = Only(Validate("Deployment", Deployment(""" "replicas":-1, """)));

        Assert.Equal(new FieldError("FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"), error);
        Assert.Empty(Validate("Deployment", Deployment(""" "replicas":0, """)));
    }

    [Fact]
    public void A_deployment_without_a_selector_gets_required_and_mismatch_errors()
    {
        var deployment = Workload("Deployment", """{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}""");

        var errors = Validate("Deployment", deployment);

        Assert.Equal(2, errors.Count);
        AssertError(errors, "FieldValueRequired", "spec.selector", "Required value");
        AssertError(errors, "FieldValueInvalid", "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public void An_empty_deployment_selector_is_invalid()
    {
        var deployment = Workload("Deployment", """{"selector":{},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}""");

        Assert.Equal(
            new FieldError("FieldValueInvalid", "spec.selector",
                "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
            Only(Validate("Deployment", deployment)));
    }

    [Fact]
    public void Template_labels_must_match_the_selector()
    {
        var error = Only(Validate("Deployment", Deployment(labels: """{"app":"x"}""")));

        Assert.Equal(
            new FieldError("FieldValueInvalid", "spec.template.metadata.labels", "Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"),
            error);
    }

    [Fact]
    public void Selector_expressions_are_validated()
    {
        var deployment = Workload("Deployment", """
            {"selector":{"matchExpressions":[{"key":"app","operator":"In"}]},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}
            """);

        var errors = Validate("Deployment", deployment);

        AssertError(errors, "FieldValueRequired", "spec.selector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'");
        AssertError(errors, "FieldValueInvalid", "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"In\", Values:[]string(nil)}}}: invalid label selector");
    }

    [Fact]
    public void Deployment_template_problems_are_reported_under_spec_template()
    {
        var errors = Validate("Deployment", Deployment(podSpec: """{"containers":[{"name":"app"}]}"""));

        Assert.Equal(new FieldError("FieldValueRequired", "spec.template.spec.containers[0].image", "Required value"), Assert.Single(errors));
    }

    [Fact]
    public void Workload_templates_must_restart_always()
    {
        var errors = Validate("Deployment", Deployment(podSpec: """{"containers":[@C],"restartPolicy":"Never"}"""));

        Assert.Equal(
            new FieldError("FieldValueNotSupported", "spec.template.spec.restartPolicy", "Unsupported value: \"Never\": supported values: \"Always\""),
            Only(errors));
    }

    [Fact]
    public void Deployment_strategy_type_must_be_rolling_update_or_recreate()
    {
        var valid = Deployment(""" "strategy":{"type":"Recreate"}, """);
        var invalid = Deployment(""" "strategy":{"type":"BlueGreen"}, """);

        Assert.Empty(Validate("Deployment", valid));
        Assert.Equal(
            new FieldError("FieldValueNotSupported", "spec.strategy",
                "Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""),
            Only(Validate("Deployment", invalid)));
    }

    [Fact]
    public void Max_surge_and_max_unavailable_may_not_both_be_zero()
    {
        var valid = Deployment(""" "strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":"10%"}}, """);
        var invalid = Deployment(""" "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"0%","maxUnavailable":0}}, """);

        Assert.Empty(Validate("Deployment", valid));
        Assert.Equal(
            new FieldError("FieldValueInvalid", "spec.strategy.rollingUpdate.maxUnavailable",
                "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
            Only(Validate("Deployment", invalid)));
    }

    [Fact]
    public void Max_surge_must_be_an_int_or_a_percent()
    {
        var errors = Validate("Deployment", Deployment(""" "strategy":{"rollingUpdate":{"maxSurge":"lots","maxUnavailable":"120%"}}, """));

        AssertError(errors, "FieldValueInvalid", "spec.strategy.rollingUpdate.maxSurge",
            "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"lots\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
        AssertError(errors, "FieldValueInvalid", "spec.strategy.rollingUpdate.maxUnavailable",
            "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%");
    }

    [Fact]
    public void Revision_history_limit_may_not_be_negative()
    {
        Assert.Empty(Validate("Deployment", Deployment(""" "revisionHistoryLimit":0, """)));
        AssertError(Validate("Deployment", Deployment(""" "revisionHistoryLimit":-2, """)), "FieldValueInvalid", "spec.revisionHistoryLimit",
            "Invalid value: -2: must be greater than or equal to 0");
    }

    [Fact]
    public void Recreate_may_not_carry_rolling_update_settings()
    {
        AssertError(Validate("Deployment", Deployment(""" "strategy":{"type":"Recreate","rollingUpdate":{"maxSurge":1}}, """)),
            "FieldValueForbidden", "spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'");
    }

    [Fact]
    public void A_replica_set_follows_the_same_selector_and_replica_rules()
    {
        var valid = Workload("ReplicaSet", """{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}""");
        var invalid = Workload("ReplicaSet", """{"replicas":-1,"selector":{},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}""");

        var errors = Validate("ReplicaSet", invalid);

        Assert.Empty(Validate("ReplicaSet", valid));
        AssertError(errors, "FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0");
        Assert.Contains(errors, e => e.Field == "spec.selector" && e.Message.EndsWith("empty selector is invalid for deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stateful_set_needs_a_selector_and_a_dns_label_name()
    {
        var valid = Workload("StatefulSet", """{"serviceName":"web","selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}""");
        var invalid = Json("""{"kind":"StatefulSet","metadata":{"name":"web.v1","namespace":"default"},"spec":{"replicas":-1,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}}""");

        var errors = Validate("StatefulSet", invalid);

        Assert.Empty(Validate("StatefulSet", valid));
        AssertError(errors, "FieldValueInvalid", "metadata.name", "Invalid value: \"web.v1\": must not contain dots");
        AssertError(errors, "FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0");
        AssertError(errors, "FieldValueRequired", "spec.selector", "Required value");
    }

    [Fact]
    public void A_stateful_set_update_strategy_must_be_known()
    {
        var errors = Validate("StatefulSet", Workload("StatefulSet", """{"updateStrategy":{"type":"Manual"},"podManagementPolicy":"Random","selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[@C]}}}"""));

        AssertError(errors, "FieldValueInvalid", "spec.updateStrategy",
            "Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Manual\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'");
        AssertError(errors, "FieldValueInvalid", "spec.podManagementPolicy", "Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'");
    }

    [Fact]
    public void A_daemon_set_without_a_selector_selects_nothing_so_its_template_mismatches()
    {
        var valid = Workload("DaemonSet", """{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[@C]}}}""");
        var missing = Workload("DaemonSet", """{"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[@C]}}}""");
        var empty = Workload("DaemonSet", """{"selector":{},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[@C]}}}""");

        Assert.Empty(Validate("DaemonSet", valid));
        Assert.Equal("spec.template.metadata.labels", Only(Validate("DaemonSet", missing)).Field);
        Assert.EndsWith("empty selector is invalid for daemonset", Only(Validate("DaemonSet", empty)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_set_rolling_update_needs_exactly_one_of_surge_and_unavailable()
    {
        var errors = Validate("DaemonSet", Workload("DaemonSet", """{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0}},"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[@C]}}}"""));

        Assert.Equal(new FieldError("FieldValueRequired", "spec.updateStrategy.rollingUpdate.maxUnavailable", "Required value: cannot be 0 when maxSurge is 0"), Only(errors));
    }

    // ---- services ------------------------------------------------------------------------------

    [Fact]
    public void A_service_with_one_unnamed_port_is_valid()
    {
        Assert.Empty(Validate("Service", Service("""{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}""")));
        Assert.Empty(Validate("Service", Service("""{"ports":[{"port":80,"targetPort":"http","protocol":"UDP"}],"type":"NodePort"}""")));
    }

    [Fact]
    public void Service_names_must_start_with_a_letter()
    {
        var service = Json("""{"kind":"Service","metadata":{"name":"1web","namespace":"default"},"spec":{"ports":[{"port":80}]}}""");

        Assert.StartsWith("Invalid value: \"1web\": a DNS-1035 label must consist of", Only(Validate("Service", service)).Message);
    }

    [Fact]
    public void Service_ports_are_required_unless_headless_or_external_name()
    {
        AssertError(Validate("Service", Service("{}")), "FieldValueRequired", "spec.ports", "Required value");
        Assert.Empty(Validate("Service", Service("""{"clusterIP":"None"}""")));
        Assert.Empty(Validate("Service", Service("""{"type":"ExternalName","externalName":"db.example.com"}""")));
    }

    [Fact]
    public void A_service_cluster_ip_must_be_an_ip_address()
    {
        AssertError(Validate("Service", Service("""{"clusterIP":"not-an-ip","ports":[{"port":80}]}""")), "FieldValueInvalid", "spec.clusterIPs[0]",
            "Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        Assert.Empty(Validate("Service", Service("""{"clusterIP":"10.96.0.10","ports":[{"port":80}]}""")));
    }

    [Fact]
    public void A_probe_runs_exactly_one_handler()
    {
        AssertError(Validate("Pod", PodWithContainer("""{"name":"c","image":"i","readinessProbe":{"periodSeconds":1}}""")),
            "FieldValueRequired", "spec.containers[0].readinessProbe", "Required value: must specify a handler type");
        AssertError(Validate("Pod", PodWithContainer("""{"name":"c","image":"i","livenessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}}}""")),
            "FieldValueForbidden", "spec.containers[0].livenessProbe.tcpSocket", "Forbidden: may not specify more than 1 handler type");
        Assert.Empty(Validate("Pod", PodWithContainer("""{"name":"c","image":"i","startupProbe":{"httpGet":{"port":80}}}""")));
    }

    [Fact]
    public void Service_port_numbers_and_target_ports_must_be_valid()
    {
        var errors = Validate("Service", Service("""{"ports":[{"port":0,"targetPort":70000}]}"""));
        var badName = Validate("Service", Service("""{"ports":[{"port":80,"targetPort":"-http-"}]}"""));

        AssertError(errors, "FieldValueInvalid", "spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive");
        AssertError(errors, "FieldValueInvalid", "spec.ports[0].targetPort", "Invalid value: 70000: must be between 1 and 65535, inclusive");
        AssertError(badName, "FieldValueInvalid", "spec.ports[0].targetPort", "Invalid value: \"-http-\": must not begin or end with a hyphen");
    }

    [Fact]
    public void Node_ports_must_be_in_the_node_port_range()
    {
        Assert.Empty(Validate("Service", Service("""{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}""")));
        Assert.Equal(
            new FieldError("FieldValueInvalid", "spec.ports[0].nodePort", "Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"),
            Only(Validate("Service", Service("""{"type":"NodePort","ports":[{"port":80,"nodePort":80}]}"""))));
        AssertError(Validate("Service", Service("""{"ports":[{"port":80,"nodePort":30080}]}""")),
            "FieldValueForbidden", "spec.ports[0].nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    [Fact]
    public void Several_service_ports_need_unique_names()
    {
        var valid = Service("""{"ports":[{"name":"http","port":80},{"name":"https","port":443}]}""");
        var errors = Validate("Service", Service("""{"ports":[{"port":80},{"name":"web","port":443},{"name":"web","port":8443}]}"""));

        Assert.Empty(Validate("Service", valid));
        AssertError(errors, "FieldValueRequired", "spec.ports[0].name", "Required value");
        AssertError(errors, "FieldValueDuplicate", "spec.ports[2].name", "Duplicate value: \"web\"");
    }

    [Fact]
    public void Service_type_and_protocol_must_be_known()
    {
        var errors = Validate("Service", Service("""{"type":"Magic","ports":[{"port":80,"protocol":"ICMP"}]}"""));

        AssertError(errors, "FieldValueNotSupported", "spec.type",
            "Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        AssertError(errors, "FieldValueNotSupported", "spec.ports[0].protocol", "Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    [Fact]
    public void Service_ports_must_be_unique_per_protocol()
    {
        Assert.Empty(Validate("Service", Service("""{"ports":[{"name":"a","port":53},{"name":"b","port":53,"protocol":"UDP"}]}""")));
        Assert.Contains(Validate("Service", Service("""{"ports":[{"name":"a","port":80},{"name":"b","port":80}]}""")),
            e => e.Type == "FieldValueDuplicate" && e.Field == "spec.ports[1]");
    }

    // ---- config maps and secrets -------------------------------------------------------------------

    [Fact]
    public void Config_map_keys_must_be_config_keys()
    {
        var valid = Json("""{"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"app.properties":"x","KEY_1":"y"}}""");
        var invalid = Json("""{"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"bad/key":"x"}}""");

        Assert.Empty(Validate("ConfigMap", valid));
        Assert.Equal(
            new FieldError("FieldValueInvalid", "data[bad/key]",
                "Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
            Only(Validate("ConfigMap", invalid)));
    }

    [Fact]
    public void Config_map_keys_may_not_be_dot_dot_or_repeat_in_binary_data()
    {
        var errors = Validate("ConfigMap", Json("""{"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"..":"x","k":"v"},"binaryData":{"k":"AA=="}}"""));

        AssertError(errors, "FieldValueInvalid", "data[..]", "Invalid value: \"..\": must not be '..'");
        AssertError(errors, "FieldValueInvalid", "data[k]", "Invalid value: \"k\": duplicate of key present in binaryData");
    }

    [Fact]
    public void Secret_data_must_be_base64()
    {
        var valid = Json("""{"kind":"Secret","metadata":{"name":"s","namespace":"default"},"type":"Opaque","data":{"password":"c2VjcmV0"},"stringData":{"user":"admin"}}""");
        var invalid = Json("""{"kind":"Secret","metadata":{"name":"s","namespace":"default"},"data":{"password":"not base64!"}}""");

        Assert.Empty(Validate("Secret", valid));
        Assert.Equal(
            new FieldError("FieldValueInvalid", "data[password]", "Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 3"),
            Only(Validate("Secret", invalid)));
    }

    [Fact]
    public void Secret_keys_must_be_config_keys_including_string_data()
    {
        var errors = Validate("Secret", Json("""{"kind":"Secret","metadata":{"name":"s","namespace":"default"},"stringData":{"a b":"x"}}"""));

        Assert.Equal("data[a b]", Only(errors).Field);
    }

    [Fact]
    public void A_tls_secret_needs_its_certificate_and_key()
    {
        var valid = Json("""{"kind":"Secret","metadata":{"name":"s","namespace":"default"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}""");
        var invalid = Json("""{"kind":"Secret","metadata":{"name":"s","namespace":"default"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA=="}}""");

        Assert.Empty(Validate("Secret", valid));
        Assert.Equal(new FieldError("FieldValueRequired", "data[tls.key]", "Required value"), Only(Validate("Secret", invalid)));
    }

    // ---- nodes and events ----------------------------------------------------------------------------

    [Fact]
    public void Node_taints_need_a_key_and_a_known_effect()
    {
        var valid = Json("""{"kind":"Node","metadata":{"name":"n1"},"spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}}""");
        var errors = Validate("Node", Json("""{"kind":"Node","metadata":{"name":"n1"},"spec":{"taints":[{"key":"dedicated","effect":"Sometimes"}]}}"""), namespaced: false);

        Assert.Empty(Validate("Node", valid, namespaced: false));
        Assert.Equal(
            new FieldError("FieldValueNotSupported", "spec.taints[0].effect", "Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
            Only(errors));
    }

    [Fact]
    public void An_event_must_share_its_involved_objects_namespace()
    {
        var valid = Json("""{"kind":"Event","metadata":{"name":"web.1","namespace":"default"},"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Started"}""");
        var invalid = Json("""{"kind":"Event","metadata":{"name":"web.1","namespace":"default"},"involvedObject":{"kind":"Pod","name":"web","namespace":"other"}}""");

        Assert.Empty(Validate("Event", valid));
        Assert.Equal(new FieldError("FieldValueInvalid", "involvedObject.namespace", "Invalid value: \"other\": does not match event.namespace"), Only(Validate("Event", invalid)));
    }

    // ---- batch and autoscaling -----------------------------------------------------------------

    [Fact]
    public void A_job_template_must_restart_on_failure_or_never()
    {
        Assert.Empty(Validate("Job", Job()));
        Assert.Empty(Validate("Job", Job(""","restartPolicy":"OnFailure" """)));
        Assert.Equal(
            new FieldError("FieldValueRequired", "spec.template.spec.restartPolicy", "Required value: valid values: \"OnFailure\", \"Never\""),
            Only(Validate("Job", Job(""))));
    }

    [Fact]
    public void Job_completions_and_parallelism_may_not_be_negative()
    {
        var errors = Validate("Job", Job(extra: """ "completions":-1,"parallelism":-2, """));

        Assert.Empty(Validate("Job", Job(extra: """ "completions":3,"parallelism":0, """)));
        AssertError(errors, "FieldValueInvalid", "spec.completions", "Invalid value: -1: must be greater than or equal to 0");
        AssertError(errors, "FieldValueInvalid", "spec.parallelism", "Invalid value: -2: must be greater than or equal to 0");
    }

    [Fact]
    public void Job_policies_this_controller_does_not_run_are_refused_not_ignored()
    {
        var errors = Validate("Job", Job(extra: """ "completionMode":"Indexed","completions":2,"backoffLimitPerIndex":1,"maxFailedIndexes":1,"successPolicy":{"rules":[{"succeededCount":1}]}, """));

        AssertError(errors, "FieldValueForbidden", "spec.backoffLimitPerIndex", "Forbidden: not supported by this cluster's job controller");
        AssertError(errors, "FieldValueForbidden", "spec.maxFailedIndexes", "Forbidden: not supported by this cluster's job controller");
        AssertError(errors, "FieldValueForbidden", "spec.successPolicy", "Forbidden: not supported by this cluster's job controller");
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void A_pod_failure_policy_needs_restart_policy_never_and_replacement_policy_failed()
    {
        const string policy = """ "podFailurePolicy":{"rules":[{"action":"FailIndex","onExitCodes":{"operator":"In","values":[3]}}]}, """;

        var errors = Validate("Job", Job(""","restartPolicy":"OnFailure" """, policy + """ "podReplacementPolicy":"TerminatingOrFailed", """));

        AssertError(errors, "FieldValueInvalid", "spec.template.spec.restartPolicy", "Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified");
        AssertError(errors, "FieldValueNotSupported", "spec.podReplacementPolicy", "Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"");
        AssertError(errors, "FieldValueInvalid", "spec.podFailurePolicy.rules[0].action", "Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set");
    }

    [Fact]
    public void A_job_with_a_pod_failure_policy_replaces_pods_only_once_failed()
    {
        var job = Job(extra: """ "podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}, """);
        ObjectDefaults.Apply(ResourceKinds.Job, job);
        var plain = Job();
        ObjectDefaults.Apply(ResourceKinds.Job, plain);

        Assert.Equal("Failed", job["spec"]!["podReplacementPolicy"]!.GetValue<string>());
        Assert.Equal("TerminatingOrFailed", plain["spec"]!["podReplacementPolicy"]!.GetValue<string>());
        Assert.Empty(Validate("Job", job));
    }

    [Fact]
    public void A_job_with_a_selector_must_select_its_template()
    {
        var job = Workload("Job", """{"selector":{"matchLabels":{"job":"x"}},"template":{"metadata":{"labels":{"job":"y"}},"spec":{"containers":[@C],"restartPolicy":"Never"}}}""");

        Assert.Equal("spec.template.metadata.labels", Only(Validate("Job", job)).Field);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 1 jan-mar mon")]
    [InlineData("@hourly")]
    [InlineData("@every 90s")]
    public void A_cron_job_schedule_that_parses_is_valid(string schedule)
    {
        Assert.Empty(Validate("CronJob", CronJob(schedule)));
    }

    [Theory]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("61 * * * *", "The given cron expression has an invalid format. Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("@sometimes", "unrecognized descriptor: @sometimes")]
    public void A_cron_job_schedule_that_does_not_parse_is_invalid(string schedule, string problem)
    {
        Assert.Equal(
            new FieldError("FieldValueInvalid", "spec.schedule", $"Invalid value: \"{schedule}\": {problem}"),
            Only(Validate("CronJob", CronJob(schedule))));
    }

    [Fact]
    public void A_cron_job_needs_a_schedule()
    {
        var cronJob = Workload("CronJob", """{"jobTemplate":{"spec":{"template":{"spec":{"containers":[@C],"restartPolicy":"OnFailure"}}}}}""");

        Assert.Equal(new FieldError("FieldValueRequired", "spec.schedule", "Required value"), Only(Validate("CronJob", cronJob)));
    }

    [Fact]
    public void A_cron_job_job_template_is_validated_as_a_job()
    {
        var cronJob = Workload("CronJob", """{"schedule":"@daily","jobTemplate":{"spec":{"template":{"spec":{"containers":[@C]}}}}}""");

        Assert.Equal("spec.jobTemplate.spec.template.spec.restartPolicy", Only(Validate("CronJob", cronJob)).Field);
    }

    [Fact]
    public void An_hpa_needs_sane_replica_bounds_and_a_scale_target()
    {
        var valid = Workload("HorizontalPodAutoscaler", """{"minReplicas":1,"maxReplicas":5,"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}}""");
        var errors = Validate("HorizontalPodAutoscaler", Workload("HorizontalPodAutoscaler", """{"minReplicas":0,"maxReplicas":3,"scaleTargetRef":{}}"""));
        var inverted = Validate("HorizontalPodAutoscaler", Workload("HorizontalPodAutoscaler", """{"minReplicas":4,"maxReplicas":2,"scaleTargetRef":{"kind":"Deployment","name":"web"}}"""));

        Assert.Empty(Validate("HorizontalPodAutoscaler", valid));
        AssertError(errors, "FieldValueInvalid", "spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1");
        AssertError(errors, "FieldValueRequired", "spec.scaleTargetRef.kind", "Required value");
        AssertError(errors, "FieldValueRequired", "spec.scaleTargetRef.name", "Required value");
        Assert.Equal(new FieldError("FieldValueInvalid", "spec.maxReplicas", "Invalid value: 2: must be greater than or equal to `minReplicas`"), Only(inverted));
    }

    // ---- messages ------------------------------------------------------------------------------

    [Fact]
    public void A_single_error_message_has_no_brackets_and_carries_the_group()
    {
        var errors = Validate("Deployment", Deployment(""" "replicas":-1, """));

        Assert.Equal(
            "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            ObjectValidator.FormatMessage("Deployment", "web", errors));
    }

    [Fact]
    public void Several_error_messages_are_bracketed_and_core_kinds_have_no_group()
    {
        var errors = Validate("Pod", PodWithContainer("""{"name":""}"""));

        Assert.Equal(
            "Pod \"web\" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]",
            ObjectValidator.FormatMessage("Pod", "web", errors));
    }

    [Theory]
    [InlineData("Job", "Job.batch")]
    [InlineData("CronJob", "CronJob.batch")]
    [InlineData("HorizontalPodAutoscaler", "HorizontalPodAutoscaler.autoscaling")]
    [InlineData("Service", "Service")]
    [InlineData("Widget.example.com", "Widget.example.com")]
    public void Messages_qualify_the_kind_with_its_group(string kind, string qualified)
    {
        var message = ObjectValidator.FormatMessage(kind, "x", [new FieldError("FieldValueRequired", "spec.a", "Required value")]);

        Assert.Equal($"{qualified} \"x\" is invalid: spec.a: Required value", message);
    }

    [Fact]
    public void Identical_errors_are_reported_once()
    {
        var error = new FieldError("FieldValueRequired", "spec.a", "Required value");

        Assert.Equal("Job.batch \"x\" is invalid: spec.a: Required value", ObjectValidator.FormatMessage("Job", "x", [error, error]));
    }

    // ---- name rules --------------------------------------------------------------------------------

    [Theory]
    [InlineData("web", true)]
    [InlineData("web.example.com", true)]
    [InlineData("Web", false)]
    [InlineData("-web", false)]
    [InlineData("web\n", false)]
    public void Dns1123_subdomains_are_lowercase_dotted_labels(string value, bool valid)
    {
        Assert.Equal(valid, NameRules.Dns1123Subdomain(value).Count == 0);
    }

    [Fact]
    public void Dns1123_labels_report_length_and_format()
    {
        Assert.Empty(NameRules.Dns1123Label("my-name"));
        Assert.Equal(["must be no more than 63 characters"], NameRules.Dns1123Label(new string('a', 64)));
        Assert.Equal(
            ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            NameRules.Dns1123Label("my_name"));
    }

    [Fact]
    public void Qualified_names_allow_a_dns_prefix()
    {
        Assert.Empty(NameRules.QualifiedName("example.com/My_Name"));
        Assert.Equal(["prefix part must be non-empty"], NameRules.QualifiedName("/name"));
        Assert.Contains("name part must be non-empty", NameRules.QualifiedName("example.com/"));
        Assert.Equal(["name part must be no more than 63 characters"], NameRules.QualifiedName(new string('a', 64)));
    }

    [Fact]
    public void Label_values_may_be_empty_but_not_end_in_punctuation()
    {
        Assert.Empty(NameRules.LabelValue(""));
        Assert.Empty(NameRules.LabelValue("v1.2_beta-3"));
        Assert.Single(NameRules.LabelValue("v1."));
    }

    private static JsonObject CronJob(string schedule) =>
        Workload("CronJob", """{"schedule":""" + JsonValue.Create(schedule).ToJsonString() + ""","jobTemplate":{"spec":{"template":{"spec":{"containers":[@C],"restartPolicy":"OnFailure"}}}}}""");
}
