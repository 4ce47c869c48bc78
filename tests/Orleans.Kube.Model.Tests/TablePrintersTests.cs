using System.Text.Json.Nodes;
using Orleans.Kube.Model.Printing;

namespace Orleans.Kube.Model.Tests;

public class TablePrintersTests
{
    // Every fixture is created at 11:55 and printed at 12:00, so AGE reads "5m".
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static object?[] Cells(string resource, string json) =>
        TablePrinters.Cells(resource, JsonNode.Parse(json)!.AsObject(), Now);

    private static string ColumnNames(string resource) =>
        string.Join("|", TablePrinters.Columns(resource).Select(c => c.Priority == 0 ? c.Name : c.Name + "*"));

    public static TheoryData<string> Resources =>
    [
        "pods", "deployments", "replicasets", "daemonsets", "statefulsets", "jobs", "cronjobs", "services",
        "nodes", "namespaces", "configmaps", "secrets", "serviceaccounts", "events", "endpoints",
        "endpointslices", "horizontalpodautoscalers", "roles",
    ];

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_printer_fills_one_cell_per_column_even_for_a_bare_object(string resource)
    {
        var cells = Cells(resource, """{"metadata":{"name":"x"}}""");

        Assert.Equal(TablePrinters.Columns(resource).Count, cells.Length);
        Assert.All(cells, c => Assert.True(c is string or long, $"{resource}: unexpected cell {c?.GetType()}"));
    }

    // Wide-only (priority 1) columns are marked with "*".
    [Theory]
    [InlineData("pods", "Name|Ready|Status|Restarts|Age|IP*|Node*|Nominated Node*|Readiness Gates*")]
    [InlineData("deployments", "Name|Ready|Up-to-date|Available|Age|Containers*|Images*|Selector*")]
    [InlineData("replicasets", "Name|Desired|Current|Ready|Age|Containers*|Images*|Selector*")]
    [InlineData("daemonsets", "Name|Desired|Current|Ready|Up-to-date|Available|Node Selector|Age|Containers*|Images*|Selector*")]
    [InlineData("statefulsets", "Name|Ready|Age|Containers*|Images*")]
    [InlineData("jobs", "Name|Status|Completions|Duration|Age|Containers*|Images*|Selector*")]
    [InlineData("cronjobs", "Name|Schedule|Timezone|Suspend|Active|Last Schedule|Age|Containers*|Images*|Selector*")]
    [InlineData("services", "Name|Type|Cluster-IP|External-IP|Port(s)|Age|Selector*")]
    [InlineData("nodes", "Name|Status|Roles|Age|Version|Internal-IP*|External-IP*|OS-Image*|Kernel-Version*|Container-Runtime*")]
    [InlineData("namespaces", "Name|Status|Age")]
    [InlineData("configmaps", "Name|Data|Age")]
    [InlineData("secrets", "Name|Type|Data|Age")]
    [InlineData("serviceaccounts", "Name|Secrets|Age")]
    [InlineData("events", "Last Seen|Type|Reason|Object|Subobject*|Source*|Message|First Seen*|Count*|Name*")]
    [InlineData("endpoints", "Name|Endpoints|Age")]
    [InlineData("endpointslices", "Name|AddressType|Ports|Endpoints|Age")]
    [InlineData("horizontalpodautoscalers", "Name|Reference|Targets|MinPods|MaxPods|Replicas|Age")]
    public void Column_sets_match_the_kube_apiserver_printers(string resource, string expected) =>
        Assert.Equal(expected, ColumnNames(resource));

    [Fact]
    public void Column_types_follow_upstream_including_string_typed_counts()
    {
        Assert.Equal(("name", "name"), (TablePrinters.Columns("pods")[0].Format, TablePrinters.Columns("events")[^1].Format));
        Assert.Equal("string", TablePrinters.Columns("pods").Single(c => c.Name == "Restarts").Type);
        Assert.Equal("integer", TablePrinters.Columns("replicasets").Single(c => c.Name == "Desired").Type);
        Assert.Equal("boolean", TablePrinters.Columns("cronjobs").Single(c => c.Name == "Suspend").Type);
        Assert.Equal("string", TablePrinters.Columns("configmaps").Single(c => c.Name == "Data").Type);
        Assert.All(TablePrinters.Columns("nodes"), c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Fact]
    public void Unknown_resources_get_the_default_name_and_created_at_columns()
    {
        var columns = TablePrinters.Columns("widgets");

        Assert.Equal(2, columns.Count);
        Assert.Equal(("Name", "string", "name", 0), (columns[0].Name, columns[0].Type, columns[0].Format, columns[0].Priority));
        Assert.Equal(("Created At", "date", 0), (columns[1].Name, columns[1].Type, columns[1].Priority));
        Assert.Equal(["gizmo", "2025-01-01T11:55:00Z"],
            Cells("widgets", """{"metadata":{"name":"gizmo","creationTimestamp":"2025-01-01T11:55:00.123Z"}}"""));
    }

    [Fact]
    public void Resource_names_are_matched_case_insensitively() =>
        Assert.Equal(TablePrinters.Columns("pods"), TablePrinters.Columns("Pods"));

    [Fact]
    public void Age_is_unknown_when_the_creation_timestamp_is_missing() =>
        Assert.Equal("<unknown>", Cells("configmaps", """{"metadata":{"name":"c"}}""")[2]);

    [Fact]
    public void A_local_now_is_converted_to_utc_before_computing_ages()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"c","creationTimestamp":"2025-01-01T11:55:00Z"}}""")!.AsObject();
        Assert.Equal("5m", TablePrinters.Cells("configmaps", obj, Now.ToLocalTime())[2]);
    }

    // ---- pods ----

    [Fact]
    public void A_running_pod_shows_ready_containers_ip_and_node() =>
        Assert.Equal(["web-1", "1/1", "Running", "0", "5m", "10.244.1.7", "node-a", "<none>", "<none>"], Cells("pods", """
            {"metadata":{"name":"web-1","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"nodeName":"node-a","containers":[{"name":"web","image":"nginx"}]},
             "status":{"phase":"Running","podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"}],
               "conditions":[{"type":"Ready","status":"True"}],
               "containerStatuses":[{"name":"web","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-01-01T11:55:05Z"}}}]}}
            """));

    [Fact]
    public void A_pending_pod_shows_the_waiting_reason_of_its_container() =>
        Assert.Equal(["web-2", "0/1", "ContainerCreating", "0", "5m", "<none>", "node-a", "<none>", "<none>"], Cells("pods", """
            {"metadata":{"name":"web-2","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"nodeName":"node-a","containers":[{"name":"web","image":"nginx"}]},
             "status":{"phase":"Pending",
               "containerStatuses":[{"name":"web","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}}
            """));

    [Fact]
    public void An_unscheduled_pod_shows_its_phase_and_no_node() =>
        Assert.Equal(["p", "0/2", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"], Cells("pods", """
            {"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":"Pending"}}
            """));

    [Fact]
    public void A_crash_looping_pod_shows_restarts_with_the_time_since_the_last_one() =>
        Assert.Equal(["api", "0/1", "CrashLoopBackOff", "5 (2m ago)", "5m"], Cells("pods", """
            {"metadata":{"name":"api","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"containers":[{"name":"api","image":"api:1"}]},
             "status":{"phase":"Running","podIP":"10.0.0.9",
               "containerStatuses":[{"name":"api","ready":false,"restartCount":5,
                 "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}},
                 "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-01-01T11:58:00Z"}}}]}}
            """)[..5]);

    [Fact]
    public void Restarts_stay_a_bare_number_when_no_termination_time_is_known() =>
        Assert.Equal("3", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":3,"state":{"running":{}}}]}}
            """)[3]);

    [Fact]
    public void A_pod_being_deleted_shows_terminating() =>
        Assert.Equal("Terminating", Cells("pods", """
            {"metadata":{"name":"p","deletionTimestamp":"2025-01-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]}}
            """)[2]);

    [Fact]
    public void A_finished_pod_being_deleted_keeps_its_final_reason() =>
        Assert.Equal("Completed", Cells("pods", """
            {"metadata":{"name":"p","deletionTimestamp":"2025-01-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """)[2]);

    [Fact]
    public void A_pod_on_a_lost_node_shows_node_lost_and_unknown_once_deleted()
    {
        const string pod = """
            {"metadata":{"name":"p"{{DELETION}}},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Running","reason":"NodeLost","containerStatuses":[{"name":"a","ready":false,"state":{"running":{}}}]}}
            """;
        Assert.Equal("NodeLost", Cells("pods", pod.Replace("{{DELETION}}", ""))[2]);
        Assert.Equal("Unknown", Cells("pods", pod.Replace("{{DELETION}}", ""","deletionTimestamp":"2025-01-01T11:59:00Z" """))[2]);
    }

    [Fact]
    public void A_pod_waiting_on_its_init_container_shows_init_progress() =>
        Assert.Equal(["db", "0/1", "Init:0/1", "0"], Cells("pods", """
            {"metadata":{"name":"db","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"initContainers":[{"name":"migrate"}],"containers":[{"name":"db"}]},
             "status":{"phase":"Pending",
               "initContainerStatuses":[{"name":"migrate","ready":false,"restartCount":0,"state":{"running":{}}}],
               "containerStatuses":[{"name":"db","ready":false,"state":{"waiting":{"reason":"PodInitializing"}}}]}}
            """)[..4]);

    [Fact]
    public void A_pod_counts_finished_init_containers_in_its_progress() =>
        Assert.Equal("Init:1/2", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","initContainerStatuses":[
               {"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
               {"name":"b","state":{"waiting":{"reason":"PodInitializing"}}}]}}
            """)[2]);

    [Fact]
    public void A_failing_init_container_shows_its_reason_with_an_init_prefix()
    {
        Assert.Equal("Init:CrashLoopBackOff", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"a"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"a","restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """)[2]);
        Assert.Equal("Init:ExitCode:3", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"a"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"a","state":{"terminated":{"exitCode":3}}}]}}
            """)[2]);
    }

    [Fact]
    public void A_completed_pod_shows_completed_and_no_ready_containers() =>
        Assert.Equal(["job-abc", "0/1", "Completed"], Cells("pods", """
            {"metadata":{"name":"job-abc"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """)[..3]);

    [Fact]
    public void A_container_without_a_terminated_reason_shows_its_exit_code_or_signal()
    {
        Assert.Equal("ExitCode:137", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Failed","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":137}}}]}}
            """)[2]);
        Assert.Equal("Signal:9", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Failed","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":137,"signal":9}}}]}}
            """)[2]);
    }

    [Fact]
    public void A_completed_container_beside_a_running_one_leaves_the_pod_running() =>
        Assert.Equal("Running", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[
               {"name":"a","ready":true,"state":{"running":{}}},
               {"name":"b","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """)[2]);

    [Fact]
    public void A_sidecar_init_container_counts_towards_ready_containers() =>
        Assert.Equal(["2/2", "Running"], Cells("pods", """
            {"metadata":{"name":"p"},
             "spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]},
             "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
               "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"state":{"running":{}}}],
               "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}}
            """)[1..3]);

    [Fact]
    public void A_scheduling_gated_pod_shows_scheduling_gated() =>
        Assert.Equal("SchedulingGated", Cells("pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}}
            """)[2]);

    [Fact]
    public void Wide_pod_cells_show_nominated_node_and_readiness_gates() =>
        Assert.Equal(["<none>", "<none>", "node-b", "1/2"], Cells("pods", """
            {"metadata":{"name":"p"},
             "spec":{"containers":[{"name":"a"}],"readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]},
             "status":{"phase":"Pending","nominatedNodeName":"node-b",
               "conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}]}}
            """)[5..]);

    // ---- apps ----

    private const string Deployment = """
        {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"log","image":"fluentbit:3"}]}}},
         "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
        """;

    [Fact]
    public void A_deployment_shows_ready_over_desired_and_integer_counts() =>
        Assert.Equal(["web", "2/3", 3L, 2L, "5m", "web,log", "nginx:1.27,fluentbit:3", "app=web"], Cells("deployments", Deployment));

    [Fact]
    public void A_deployment_without_replicas_is_printed_as_defaulted_to_one() =>
        Assert.Equal("0/1", Cells("deployments", """{"metadata":{"name":"d"},"spec":{}}""")[1]);

    [Fact]
    public void A_deployment_with_an_empty_selector_prints_an_empty_string() =>
        Assert.Equal("", Cells("deployments", """{"metadata":{"name":"d"},"spec":{"selector":{}}}""")[7]);

    [Fact]
    public void Label_selectors_print_sorted_requirements_with_set_operators() =>
        Assert.Equal("app=web,env in (prod,stage),!legacy,tier notin (db),zone", Cells("deployments", """
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"web"},"matchExpressions":[
              {"key":"zone","operator":"Exists"},
              {"key":"env","operator":"In","values":["stage","prod"]},
              {"key":"tier","operator":"NotIn","values":["db"]},
              {"key":"legacy","operator":"DoesNotExist"}]}}}
            """)[7]);

    [Fact]
    public void An_invalid_label_selector_prints_as_invalid_or_error()
    {
        const string bad = """{"metadata":{"name":"d"},"spec":{"selector":{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}}}""";
        Assert.Equal("<invalid>", Cells("deployments", bad)[7]);
        Assert.Equal("<error>", Cells("replicasets", bad)[7]);
    }

    [Fact]
    public void A_replica_set_shows_desired_current_and_ready_as_integers() =>
        Assert.Equal(["web-7d9f", 3L, 3L, 1L, "5m", "web", "nginx", "app=web,pod-template-hash=7d9f"], Cells("replicasets", """
            {"metadata":{"name":"web-7d9f","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"pod-template-hash":"7d9f","app":"web"}},
               "template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
             "status":{"replicas":3,"readyReplicas":1}}
            """));

    [Fact]
    public void A_daemon_set_shows_scheduling_counts_and_its_node_selector() =>
        Assert.Equal(["agent", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "5m", "agent", "agent:1", "app=agent"], Cells("daemonsets", """
            {"metadata":{"name":"agent","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},
               "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"agent","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """));

    [Fact]
    public void A_daemon_set_without_a_node_selector_prints_none() =>
        Assert.Equal("<none>", Cells("daemonsets", """{"metadata":{"name":"d"}}""")[6]);

    [Fact]
    public void A_stateful_set_shows_ready_over_desired() =>
        Assert.Equal(["db", "1/3", "5m", "pg", "postgres:17"], Cells("statefulsets", """
            {"metadata":{"name":"db","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"pg","image":"postgres:17"}]}}},
             "status":{"replicas":2,"readyReplicas":1}}
            """));

    // ---- batch ----

    [Fact]
    public void A_completed_job_shows_complete_and_the_time_it_took() =>
        Assert.Equal(["pi", "Complete", "1/1", "42s", "5m", "pi", "perl:5", "batch.kubernetes.io/controller-uid=abc"], Cells("jobs", """
            {"metadata":{"name":"pi","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"abc"}},
               "template":{"spec":{"containers":[{"name":"pi","image":"perl:5"}]}}},
             "status":{"succeeded":1,"startTime":"2025-01-01T11:55:01Z","completionTime":"2025-01-01T11:55:43Z",
               "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}
            """));

    [Fact]
    public void A_running_job_counts_its_duration_up_to_now() =>
        Assert.Equal(["Running", "2/5", "3m"], Cells("jobs", """
            {"metadata":{"name":"j"},"spec":{"completions":5},"status":{"succeeded":2,"startTime":"2025-01-01T11:57:00Z"}}
            """)[1..4]);

    [Fact]
    public void A_job_without_completions_reports_parallelism() =>
        Assert.Equal(["0/1 of 3", ""], Cells("jobs", """{"metadata":{"name":"j"},"spec":{"parallelism":3}}""")[2..4]);

    [Theory]
    [InlineData("""[{"type":"Failed","status":"True"}]""", "", "Failed")]
    [InlineData("""[{"type":"Suspended","status":"True"}]""", "", "Suspended")]
    [InlineData("""[{"type":"FailureTarget","status":"True"}]""", "", "FailureTarget")]
    [InlineData("""[{"type":"Complete","status":"False"}]""", "", "Running")]
    [InlineData("[]", ""","deletionTimestamp":"2025-01-01T11:59:00Z" """, "Terminating")]
    public void A_job_status_follows_its_conditions(string conditions, string metadataExtra, string expected) =>
        Assert.Equal(expected, Cells("jobs", $$$"""
            {"metadata":{"name":"j"{{{metadataExtra}}}},"spec":{"completions":1},"status":{"conditions":{{{conditions}}}}}
            """)[1]);

    [Fact]
    public void A_cron_job_shows_schedule_timezone_suspension_and_last_run() =>
        Assert.Equal(["backup", "0 * * * *", "Europe/Paris", "False", 1L, "60s", "5m", "backup", "restic:0.17", "<none>"], Cells("cronjobs", """
            {"metadata":{"name":"backup","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"schedule":"0 * * * *","timeZone":"Europe/Paris","suspend":false,
               "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"restic:0.17"}]}}}}},
             "status":{"active":[{"kind":"Job","name":"backup-1"}],"lastScheduleTime":"2025-01-01T11:59:00Z"}}
            """));

    [Fact]
    public void A_cron_job_that_never_ran_shows_none_for_timezone_and_last_schedule() =>
        Assert.Equal(["<none>", "True", 0L, "<none>"], Cells("cronjobs", """
            {"metadata":{"name":"c"},"spec":{"schedule":"@daily","suspend":true}}
            """)[2..6]);

    // ---- services ----

    [Fact]
    public void A_cluster_ip_service_lists_ports_and_a_sorted_selector() =>
        Assert.Equal(["web", "ClusterIP", "10.96.12.34", "<none>", "80/TCP,53/UDP", "5m", "app=web,tier=frontend"], Cells("services", """
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"type":"ClusterIP","clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],
               "selector":{"tier":"frontend","app":"web"},
               "ports":[{"port":80,"targetPort":8080,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}}
            """));

    [Fact]
    public void A_node_port_service_shows_the_node_port_and_no_external_ip() =>
        Assert.Equal(["NodePort", "10.96.0.20", "<none>", "80:30080/TCP"], Cells("services", """
            {"metadata":{"name":"web"},
             "spec":{"type":"NodePort","clusterIPs":["10.96.0.20"],"ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]}}
            """)[1..5]);

    [Fact]
    public void A_headless_service_without_ports_or_selector_prints_none_and_none() =>
        Assert.Equal(["ClusterIP", "None", "<none>", "<none>", "5m", "<none>"], Cells("services", """
            {"metadata":{"name":"h","creationTimestamp":"2025-01-01T11:55:00Z"},"spec":{"clusterIP":"None"}}
            """)[1..]);

    [Fact]
    public void A_load_balancer_is_pending_until_it_has_ingress_addresses()
    {
        Assert.Equal("<pending>", Cells("services", """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":443,"nodePort":31443}]}}
            """)[3]);
        Assert.Equal("203.0.113.9,lb.example.com,198.51.100.1", Cells("services", """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalIPs":["198.51.100.1"]},
             "status":{"loadBalancer":{"ingress":[{"hostname":"lb.example.com"},{"ip":"203.0.113.9"}]}}}
            """)[3]);
    }

    [Fact]
    public void An_external_name_service_shows_its_target_name() =>
        Assert.Equal(["ExternalName", "<none>", "db.example.com"], Cells("services", """
            {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}
            """)[1..4]);

    // ---- nodes ----

    [Fact]
    public void A_ready_node_shows_sorted_roles_version_and_wide_details() =>
        Assert.Equal(["cp-1", "Ready", "control-plane,worker", "5m", "v1.32.0", "10.0.0.1", "<none>", "Ubuntu 24.04 LTS", "6.8.0", "containerd://2.0.0"],
            Cells("nodes", """
            {"metadata":{"name":"cp-1","creationTimestamp":"2025-01-01T11:55:00Z",
               "labels":{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/control-plane":"","kubernetes.io/hostname":"cp-1"}},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"Hostname","address":"cp-1"},{"type":"InternalIP","address":"10.0.0.1"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Ubuntu 24.04 LTS","kernelVersion":"6.8.0","containerRuntimeVersion":"containerd://2.0.0"}}}
            """));

    [Fact]
    public void A_cordoned_node_that_is_not_ready_shows_both_states() =>
        Assert.Equal(["NotReady,SchedulingDisabled", "<none>"], Cells("nodes", """
            {"metadata":{"name":"n"},"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}
            """)[1..3]);

    [Fact]
    public void A_node_without_a_ready_condition_is_unknown_with_unknown_wide_details() =>
        Assert.Equal(["Unknown", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"], Cells("nodes", """
            {"metadata":{"name":"n","creationTimestamp":"2025-01-01T11:55:00Z"}}
            """)[1..]);

    [Fact]
    public void The_legacy_role_label_adds_a_role() =>
        Assert.Equal("ingress", Cells("nodes", """{"metadata":{"name":"n","labels":{"kubernetes.io/role":"ingress"}}}""")[2]);

    // ---- small core resources ----

    [Fact]
    public void Namespaces_config_maps_secrets_and_service_accounts_print_their_counts()
    {
        Assert.Equal(["default", "Active", "5m"],
            Cells("namespaces", """{"metadata":{"name":"default","creationTimestamp":"2025-01-01T11:55:00Z"},"status":{"phase":"Active"}}"""));
        Assert.Equal(["cfg", 3L, "5m"], Cells("configmaps", """
            {"metadata":{"name":"cfg","creationTimestamp":"2025-01-01T11:55:00Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}
            """));
        Assert.Equal(["tls", "kubernetes.io/tls", 2L, "5m"], Cells("secrets", """
            {"metadata":{"name":"tls","creationTimestamp":"2025-01-01T11:55:00Z"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}
            """));
        Assert.Equal(["default", 0L, "5m"],
            Cells("serviceaccounts", """{"metadata":{"name":"default","creationTimestamp":"2025-01-01T11:55:00Z"}}"""));
    }

    [Fact]
    public void A_secret_without_a_type_prints_as_opaque() =>
        Assert.Equal("Opaque", Cells("secrets", """{"metadata":{"name":"s"}}""")[1]);

    // ---- events ----

    [Fact]
    public void A_core_event_shows_the_involved_object_as_lowercase_kind_and_name() =>
        Assert.Equal(["2m", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-a",
                "Back-off restarting failed container", "5m", 4L, "web-1.17a2b3c4d5e6f708"],
            Cells("events", """
            {"metadata":{"name":"web-1.17a2b3c4d5e6f708","namespace":"default"},
             "involvedObject":{"kind":"Pod","name":"web-1","namespace":"default","fieldPath":"spec.containers{web}"},
             "reason":"BackOff","message":"Back-off restarting failed container\n","type":"Warning","count":4,
             "source":{"component":"kubelet","host":"node-a"},
             "firstTimestamp":"2025-01-01T11:55:00Z","lastTimestamp":"2025-01-01T11:58:00Z"}
            """));

    [Fact]
    public void A_new_style_event_uses_event_time_series_and_reporting_controller() =>
        Assert.Equal(["30s", "Normal", "Scheduled", "pod/web-1", "", "default-scheduler", "Assigned", "5m", 7L],
            Cells("events", """
            {"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"web-1"},"reason":"Scheduled","type":"Normal",
             "message":"Assigned","eventTime":"2025-01-01T11:55:00.000000Z","reportingComponent":"default-scheduler",
             "reportingController":"default-scheduler","series":{"count":7,"lastObservedTime":"2025-01-01T11:59:30.000000Z"}}
            """)[..9]);

    [Fact]
    public void An_event_without_a_count_or_last_timestamp_counts_once_and_reuses_first_seen()
    {
        var cells = Cells("events", """
            {"metadata":{"name":"e"},"involvedObject":{"kind":"Namespace"},"firstTimestamp":"2025-01-01T11:55:00Z"}
            """);

        Assert.Equal(["5m", "namespace", "5m", 1L], new[] { cells[0], cells[3], cells[7], cells[8] });
    }

    [Fact]
    public void An_events_k8s_io_event_prints_through_the_same_columns() =>
        Assert.Equal(["60s", "Normal", "Pulled", "pod/web-1", "spec.containers{web}", "kubelet, node-a", "Pulled image", "5m", 2L, "e"],
            Cells("events", """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},
             "regarding":{"kind":"Pod","name":"web-1","fieldPath":"spec.containers{web}"},"reason":"Pulled","type":"Normal",
             "note":"Pulled image","reportingController":"kubelet","reportingInstance":"node-a",
             "deprecatedFirstTimestamp":"2025-01-01T11:55:00Z","deprecatedLastTimestamp":"2025-01-01T11:59:00Z","deprecatedCount":2}
            """));

    // ---- endpoints ----

    [Fact]
    public void Endpoints_join_address_and_port_pairs() =>
        Assert.Equal(["web", "127.0.0.1:8080,127.0.0.1:8081", "5m"], Cells("endpoints", """
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},
             "subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"name":"http","port":8080},{"name":"alt","port":8081}]}]}
            """));

    [Fact]
    public void Endpoints_beyond_three_are_summarised_as_more() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...", Cells("endpoints", """
            {"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],
              "ports":[{"port":80}]},{"addresses":[{"ip":"10.0.0.5"}]}]}
            """)[1]);

    [Fact]
    public void Endpoints_without_subsets_print_none_and_ipv6_hosts_are_bracketed()
    {
        Assert.Equal("<none>", Cells("endpoints", """{"metadata":{"name":"e"}}""")[1]);
        Assert.Equal("[fd00::1]:443", Cells("endpoints", """
            {"metadata":{"name":"e"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":443}]}]}
            """)[1]);
    }

    [Fact]
    public void An_endpoint_slice_lists_its_ports_and_addresses() =>
        Assert.Equal(["web-abc12", "IPv4", "8080,metrics", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "5m"], Cells("endpointslices", """
            {"metadata":{"name":"web-abc12","creationTimestamp":"2025-01-01T11:55:00Z"},"addressType":"IPv4",
             "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics"}],
             "endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3"]},{"addresses":["10.0.0.4"]}]}
            """));

    [Fact]
    public void An_empty_endpoint_slice_prints_unset() =>
        Assert.Equal(["<unset>", "<unset>"], Cells("endpointslices", """{"metadata":{"name":"s"},"addressType":"IPv4"}""")[2..4]);

    // ---- horizontal pod autoscalers ----

    [Fact]
    public void An_autoscaler_shows_its_reference_utilisation_and_replica_bounds() =>
        Assert.Equal(["web", "Deployment/web", "cpu: 45%/80%", "2", 10L, 3L, "5m"], Cells("horizontalpodautoscalers", """
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]},
             "status":{"currentReplicas":3,"desiredReplicas":3,
               "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":45,"averageValue":"90m"}}}]}}
            """));

    [Fact]
    public void An_autoscaler_without_observations_shows_unknown_and_summarises_extra_metrics() =>
        Assert.Equal(["cpu: <unknown>/80%, memory: <unknown>/500Mi + 1 more...", "1"], Cells("horizontalpodautoscalers", """
            {"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,"metrics":[
              {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
              {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
              {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}}]}}
            """)[2..4]);

    [Fact]
    public void An_autoscaler_prints_pods_object_and_external_metrics() =>
        Assert.Equal("20/1k, 5/10 (avg) + 1 more...", Cells("horizontalpodautoscalers", """
            {"metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"metrics":[
              {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}},
              {"type":"Object","object":{"metric":{"name":"hits"},"target":{"type":"AverageValue","averageValue":"10"}}},
              {"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"Value","value":"30"}}}]},
             "status":{"currentMetrics":[
              {"type":"Pods","pods":{"current":{"averageValue":"20"}}},
              {"type":"Object","object":{"current":{"averageValue":"5"}}},
              {"type":"External","external":{"current":{"value":"12"}}}]}}
            """)[2]);

    [Fact]
    public void An_autoscaler_without_metrics_prints_none() =>
        Assert.Equal("<none>", Cells("horizontalpodautoscalers", """{"metadata":{"name":"h"},"spec":{}}""")[2]);

    // ---- objects built in code rather than parsed ----

    [Fact]
    public void Objects_built_from_clr_values_print_like_parsed_ones()
    {
        var deployment = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["creationTimestamp"] = "2025-01-01T11:55:00Z" },
            ["spec"] = new JsonObject { ["replicas"] = 3 },
            ["status"] = new JsonObject { ["readyReplicas"] = (short)2, ["updatedReplicas"] = 3L, ["availableReplicas"] = 2.0 },
        };

        Assert.Equal(["web", "2/3", 3L, 2L, "5m"], TablePrinters.Cells("deployments", deployment, Now)[..5]);
    }
}
