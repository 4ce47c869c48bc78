using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Model.Protobuf;

namespace Orleans.Kube.Model.Tests;

public class KubeProtobufTests
{
    // Bodies captured from kubectl v1.32 against a stub server; the expected JSON is the same command's
    // `--dry-run=client -o json` output with its "creationTimestamp": null entries removed (we drop zero times).
    private static readonly (string Command, string Body, string Json)[] Captures =
    [
        (
            "kubectl create namespace team-a",
            "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEh4KFgoGdGVhbS1hEgAaACIAKgAyADgAQgASABoCCgAaACIA",
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a"},"spec":{},"status":{}}"""),
        (
            "kubectl create configmap app-config --from-literal=a=b --from-literal=mode=prod -n default",
            "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjkKIQoKYXBwLWNvbmZpZxIAGgdkZWZhdWx0IgAqADIAOABCABIGCgFhEgFiEgwKBG1vZGUSBHByb2QaACIA",
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"app-config","namespace":"default"},"data":{"a":"b","mode":"prod"}}"""),
        (
            "kubectl create configmap bin-cm --from-file=blob=<8 binary bytes> --from-literal=k=v -n default",
            "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjkKHQoGYmluLWNtEgAaB2RlZmF1bHQiACoAMgA4AEIAEgYKAWsSAXYaEAoEYmxvYhIIAAH+/1BOR4kaACIA",
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"bin-cm","namespace":"default"},"data":{"k":"v"},"binaryData":{"blob":"AAH+/1BOR4k="}}"""),
        (
            "kubectl create secret generic db-creds --from-literal=user=admin --from-literal=password='s3cr3t!' -n default",
            "azhzAAoMCgJ2MRIGU2VjcmV0EkcKHwoIZGItY3JlZHMSABoHZGVmYXVsdCIAKgAyADgAQgASEwoIcGFzc3dvcmQSB3MzY3IzdCESDQoEdXNlchIFYWRtaW4aABoAIgA=",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db-creds","namespace":"default"},"data":{"password":"czNjcjN0IQ==","user":"YWRtaW4="}}"""),
        (
            "kubectl create secret docker-registry reg --docker-server=r.io --docker-username=u --docker-password=p -n default",
            "azhzAAoMCgJ2MRIGU2VjcmV0EpMBChoKA3JlZxIAGgdkZWZhdWx0IgAqADIAOABCABJVChEuZG9ja2VyY29uZmlnanNvbhJAeyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fRoea3ViZXJuZXRlcy5pby9kb2NrZXJjb25maWdqc29uGgAiAA==",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"reg","namespace":"default"},"data":{".dockerconfigjson":"eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ=="},"type":"kubernetes.io/dockerconfigjson"}"""),
        (
            "kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80 -n default",
            "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EsQBCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhKLAQgCEgwKCgoDYXBwEgN3ZWIacQocCgASABoAIgAqADIAOABCAFoKCgNhcHASA3dlYhJREjMKBW5naW54EgpuZ2lueDoxLjI3KgAyCgoAEAAYUCIAKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{}}]}},"strategy":{}},"status":{}}"""),
        (
            "kubectl create deployment multi --image=nginx --image=redis:7 -n default",
            "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EuIBCioKBW11bHRpEgAaB2RlZmF1bHQiACoAMgA4AEIAWgwKA2FwcBIFbXVsdGkSpQEIARIOCgwKA2FwcBIFbXVsdGkaiAEKHgoAEgAaACIAKgAyADgAQgBaDAoDYXBwEgVtdWx0aRJmEiIKBW5naW54EgVuZ2lueCoAQgBqAHIAgAEAiAEAkAEAogEAEiQKBXJlZGlzEgdyZWRpczo3KgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"multi","namespace":"default","labels":{"app":"multi"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"multi"}},"template":{"metadata":{"labels":{"app":"multi"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}},{"name":"redis","image":"redis:7","resources":{}}]}},"strategy":{}},"status":{}}"""),
        (
            "kubectl create service clusterip backend --tcp=80:8080 -n default",
            "azhzAAoNCgJ2MRIHU2VydmljZRJ8Ci4KB2JhY2tlbmQSABoHZGVmYXVsdCIAKgAyADgAQgBaDgoDYXBwEgdiYWNrZW5kEkYKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABIOCgNhcHASB2JhY2tlbmQaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA=",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"backend","namespace":"default","labels":{"app":"backend"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"backend"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}"""),
        (
            "kubectl create service nodeport np --tcp=80:8080 --node-port=30080 -n default",
            "azhzAAoNCgJ2MRIHU2VydmljZRJuCiQKAm5wEgAaB2RlZmF1bHQiACoAMgA4AEIAWgkKA2FwcBICbnASQgodCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACiA6wESCQoDYXBwEgJucBoAIghOb2RlUG9ydDoAQgBSAFoAYABoABoCCgAaACIA",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"np","namespace":"default","labels":{"app":"np"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}],"selector":{"app":"np"},"type":"NodePort"},"status":{"loadBalancer":{}}}"""),
        (
            "kubectl create service externalname ext --external-name=example.com -n default",
            "azhzAAoNCgJ2MRIHU2VydmljZRJhCiYKA2V4dBIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA2V4dBIzEgoKA2FwcBIDZXh0GgAiDEV4dGVybmFsTmFtZToAQgBSC2V4YW1wbGUuY29tWgBgAGgAGgIKABoAIgA=",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"ext","namespace":"default","labels":{"app":"ext"}},"spec":{"selector":{"app":"ext"},"type":"ExternalName","externalName":"example.com"},"status":{"loadBalancer":{}}}"""),
        (
            "kubectl create job pi --image=perl:5.34 -- perl -e 'print 1' -n default",
            "azhzAAoPCghiYXRjaC92MRIDSm9iEpYBChkKAnBpEgAaB2RlZmF1bHQiACoAMgA4AEIAEm8ybQoQCgASABoAIgAqADIAOABCABJZEjYKAnBpEglwZXJsOjUuMzQaBHBlcmwaAi1lGgdwcmludCAxKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaCCAAKAAwADoAGgAiAA==",
            """{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi","namespace":"default"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"pi","image":"perl:5.34","command":["perl","-e","print 1"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}}"""),
        (
            "kubectl create job from-cron --from=cronjob/tick -n default",
            "azhzAAoPCghiYXRjaC92MRIDSm9iEpQCCp0BCglmcm9tLWNyb24SABoHZGVmYXVsdCIAKgAyADgAQgBaCwoEdGVhbRIDb3BzYisKIWNyb25qb2Iua3ViZXJuZXRlcy5pby9pbnN0YW50aWF0ZRIGbWFudWFsakEKB0Nyb25Kb2IaBHRpY2siJDBiNmYzYzFlLTExMTEtMjIyMi0zMzMzLTQ0NDQ1NTU1NjY2NioIYmF0Y2gvdjEwARJoMmQKEAoAEgAaACIAKgAyADgAQgASUBIpCgR0aWNrEgdidXN5Ym94GgRkYXRlKgBCAGoAcgCAAQCIAQCQAQCiAQAaCU9uRmFpbHVyZTIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAOAMaCCAAKAAwADoAGgAiAA==",
            """{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"from-cron","namespace":"default","labels":{"team":"ops"},"annotations":{"cronjob.kubernetes.io/instantiate":"manual"},"ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"tick","uid":"0b6f3c1e-1111-2222-3333-444455556666","controller":true}]},"spec":{"backoffLimit":3,"template":{"metadata":{},"spec":{"containers":[{"name":"tick","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}},"status":{}}"""),
        (
            "kubectl create cronjob tick --image=busybox --schedule=\"*/1 * * * *\" -- date -n default",
            "azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKxAQobCgR0aWNrEgAaB2RlZmF1bHQiACoAMgA4AEIAEo8BCgsqLzEgKiAqICogKhoAKn4KFAoEdGljaxIAGgAiACoAMgA4AEIAEmYyZAoQCgASABoAIgAqADIAOABCABJQEikKBHRpY2sSB2J1c3lib3gaBGRhdGUqAEIAagByAIABAIgBAJABAKIBABoJT25GYWlsdXJlMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaABoAIgA=",
            """{"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"tick","namespace":"default"},"spec":{"schedule":"*/1 * * * *","jobTemplate":{"metadata":{"name":"tick"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"tick","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}}"""),
        (
            "kubectl create serviceaccount builder -n default",
            "azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSIAoeCgdidWlsZGVyEgAaB2RlZmF1bHQiACoAMgA4AEIAGgAiAA==",
            """{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"builder","namespace":"default"}}"""),
        (
            "kubectl create quota q1 --hard=cpu=1,memory=1Gi,pods=10 -n default",
            "azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRJKChkKAnExEgAaB2RlZmF1bHQiACoAMgA4AEIAEisKCgoDY3B1EgMKATEKDwoGbWVtb3J5EgUKAzFHaQoMCgRwb2RzEgQKAjEwGgAaACIA",
            """{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q1","namespace":"default"},"spec":{"hard":{"cpu":"1","memory":"1Gi","pods":"10"}},"status":{}}"""),
        (
            "kubectl create pdb web-pdb --selector=app=web --min-available=1 -n default",
            "azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSRAoeCgd3ZWItcGRiEgAaB2RlZmF1bHQiACoAMgA4AEIAEhYKBggAEAEaABIMCgoKA2FwcBIDd2ViGgoIABgAIAAoADAAGgAiAA==",
            """{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"web-pdb","namespace":"default"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}"""),
    ];

    public static TheoryData<string, string, string> KubectlBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (command, body, json) in Captures)
        {
            data.Add(command, body, json);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KubectlBodies))]
    public void Kubectl_create_bodies_decode_to_the_json_kubectl_would_have_sent(string command, string body, string expectedJson)
    {
        var decoded = KubeProtobuf.Decode(Convert.FromBase64String(body));

        AssertJson(expectedJson, decoded, command);
    }

    [Fact]
    public void A_created_deployment_keeps_replicas_image_labels_and_container_port()
    {
        var deployment = Captured("kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80 -n default");

        Assert.Equal("apps/v1", (string?)deployment["apiVersion"]);
        Assert.Equal("Deployment", (string?)deployment["kind"]);
        Assert.Equal("web", (string?)deployment["metadata"]!["name"]);
        Assert.Equal("default", (string?)deployment["metadata"]!["namespace"]);
        Assert.Equal(2, (int?)deployment["spec"]!["replicas"]);
        Assert.Equal("web", (string?)deployment["spec"]!["selector"]!["matchLabels"]!["app"]);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.27", (string?)container["image"]);
        Assert.Equal(80, (int?)container["ports"]![0]!["containerPort"]);
    }

    [Fact]
    public void A_service_target_port_given_as_a_number_stays_a_json_number()
    {
        var service = Captured("kubectl create service clusterip backend --tcp=80:8080 -n default");

        var port = service["spec"]!["ports"]![0]!;
        Assert.Equal(80, (int?)port["port"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, port["targetPort"]!.GetValueKind());
        Assert.Equal(8080, (int?)port["targetPort"]);
        Assert.Equal("ClusterIP", (string?)service["spec"]!["type"]);
    }

    [Fact]
    public void Secret_data_arrives_as_base64_of_the_literal_values()
    {
        var secret = Captured("kubectl create secret generic db-creds --from-literal=user=admin --from-literal=password='s3cr3t!' -n default");

        Assert.Equal("admin", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["user"]!)));
        Assert.Equal("s3cr3t!", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!)));
    }

    [Fact]
    public void A_cronjob_keeps_its_schedule_and_job_template()
    {
        var cronJob = Captured("kubectl create cronjob tick --image=busybox --schedule=\"*/1 * * * *\" -- date -n default");

        Assert.Equal("*/1 * * * *", (string?)cronJob["spec"]!["schedule"]);
        var podSpec = cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!;
        Assert.Equal("OnFailure", (string?)podSpec["restartPolicy"]);
        Assert.Equal("date", (string?)podSpec["containers"]![0]!["command"]![0]);
    }

    [Fact]
    public void A_job_created_from_a_cronjob_carries_its_owner_reference_and_annotation()
    {
        var job = Captured("kubectl create job from-cron --from=cronjob/tick -n default");

        var owner = job["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("CronJob", (string?)owner["kind"]);
        Assert.Equal(true, (bool?)owner["controller"]);
        Assert.Equal("manual", (string?)job["metadata"]!["annotations"]!["cronjob.kubernetes.io/instantiate"]);
        Assert.Equal(3, (int?)job["spec"]!["backoffLimit"]);
    }

    [Fact]
    public void A_token_request_from_kubectl_create_token_decodes()
    {
        // kubectl create token builder -n default
        var body = Convert.FromBase64String(
            "azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBIaChAKABIAGgAiACoAMgA4AEIAEgAaBAoAEgAaACIA");

        AssertJson("""
            {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{},"spec":{},"status":{"token":""}}
            """, KubeProtobuf.Decode(body));
    }

    [Fact]
    public void A_full_pod_template_decodes_env_sources_probes_volumes_and_tolerations()
    {
        var container = new Pb()
            .Str(1, "app").Str(2, "app:1").Str(3, "/app").Str(4, "--port").Str(4, "8080").Str(5, "/srv")
            .Msg(6, new Pb().Str(1, "http").Int(2, 0).Int(3, 8080).Str(4, "TCP").Str(5, ""))
            .Msg(7, new Pb().Str(1, "MODE").Str(2, "prod"))
            .Msg(7, new Pb().Str(1, "LEVEL").Str(2, "").Msg(3, new Pb()
                .Msg(3, new Pb().Msg(1, new Pb().Str(1, "app-config")).Str(2, "level"))))
            .Msg(7, new Pb().Str(1, "PASSWORD").Msg(3, new Pb()
                .Msg(4, new Pb().Msg(1, new Pb().Str(1, "db-creds")).Str(2, "password").Int(3, 0))))
            .Msg(7, new Pb().Str(1, "POD_NAME").Msg(3, new Pb()
                .Msg(1, new Pb().Str(1, "v1").Str(2, "metadata.name"))))
            .Msg(8, new Pb()
                .Msg(1, Entry("cpu", new Pb().Str(1, "500m"))).Msg(1, Entry("memory", new Pb().Str(1, "256Mi")))
                .Msg(2, Entry("cpu", new Pb().Str(1, "100m"))))
            .Msg(9, new Pb().Str(1, "config").Int(2, 1).Str(3, "/etc/app").Str(4, ""))
            .Msg(10, new Pb()
                .Msg(1, new Pb().Msg(2, new Pb().Str(1, "/healthz").Msg(2, new Pb().Int(1, 1).Int(2, 0).Str(3, "http")).Str(4, "HTTP")))
                .Int(2, 5).Int(3, 0).Int(4, 10))
            .Msg(11, new Pb().Msg(1, new Pb().Msg(3, new Pb().Msg(1, new Pb().Int(1, 0).Int(2, 8080)))).Int(4, 5))
            .Msg(22, new Pb().Msg(1, new Pb().Msg(1, new Pb().Str(1, "cat").Str(1, "/tmp/ready"))))
            .Str(13, "/dev/termination-log").Str(14, "IfNotPresent").Msg(15, new Pb())
            .Int(16, 0).Int(17, 0).Int(18, 0)
            .Msg(19, new Pb().Str(1, "").Msg(2, new Pb().Msg(1, new Pb().Str(1, "app-config"))))
            .Msg(19, new Pb().Str(1, "DB_").Msg(3, new Pb().Msg(1, new Pb().Str(1, "db-creds")).Int(2, 1)))
            .Str(20, "File");
        var podSpec = new Pb()
            .Msg(1, new Pb().Str(1, "config").Msg(2, new Pb().Msg(19, new Pb().Msg(1, new Pb().Str(1, "app-config")).Int(3, 420))))
            .Msg(1, new Pb().Str(1, "creds").Msg(2, new Pb().Msg(6, new Pb().Str(1, "db-creds"))))
            .Msg(1, new Pb().Str(1, "scratch").Msg(2, new Pb().Msg(2, new Pb().Str(1, "").Msg(2, new Pb().Str(1, "1Gi")))))
            .Msg(1, new Pb().Str(1, "logs").Msg(2, new Pb().Msg(1, new Pb().Str(1, "/var/log").Str(2, "Directory"))))
            .Msg(2, container)
            .Str(3, "Always").Int(4, 0).Str(6, "ClusterFirst")
            .Msg(7, Entry("disk", "ssd"))
            .Str(8, "builder").Str(9, "").Str(10, "node1").Int(11, 1).Int(12, 0).Int(13, 0)
            .Msg(14, new Pb()).Str(16, "").Str(17, "").Str(19, "default-scheduler")
            .Msg(20, new Pb().Str(1, "init").Str(2, "busybox").Str(3, "sh").Str(3, "-c").Str(3, "true"))
            .Msg(22, new Pb().Str(1, "dedicated").Str(2, "Equal").Str(3, "web").Str(4, "NoSchedule"))
            .Msg(22, new Pb().Str(1, "").Str(2, "Exists").Str(3, "").Str(4, "NoExecute").Int(5, 300));
        var deployment = new Pb()
            .Msg(1, Meta("rich", "prod").Msg(11, Entry("app", "rich")))
            .Msg(2, new Pb()
                .Int(1, 0)
                .Msg(2, new Pb().Msg(1, Entry("app", "rich")))
                .Msg(3, new Pb().Msg(1, Meta("", "").Msg(11, Entry("app", "rich"))).Msg(2, podSpec))
                .Msg(4, new Pb().Str(1, "RollingUpdate").Msg(2, new Pb()
                    .Msg(1, new Pb().Int(1, 1).Int(2, 0).Str(3, "25%"))
                    .Msg(2, new Pb().Int(1, 0).Int(2, 1).Str(3, ""))))
                .Int(5, 0).Int(6, 10).Int(7, 0).Int(9, 600));

        var decoded = KubeProtobuf.Decode(Pb.Envelope("apps/v1", "Deployment", deployment));

        AssertJson("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"rich","namespace":"prod","labels":{"app":"rich"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"rich"}},
              "template":{"metadata":{"labels":{"app":"rich"}},"spec":{
               "volumes":[
                {"name":"config","configMap":{"name":"app-config","defaultMode":420}},
                {"name":"creds","secret":{"secretName":"db-creds"}},
                {"name":"scratch","emptyDir":{"sizeLimit":"1Gi"}},
                {"name":"logs","hostPath":{"path":"/var/log","type":"Directory"}}],
               "containers":[{"name":"app","image":"app:1","command":["/app"],"args":["--port","8080"],"workingDir":"/srv",
                "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                "env":[{"name":"MODE","value":"prod"},
                 {"name":"LEVEL","valueFrom":{"configMapKeyRef":{"name":"app-config","key":"level"}}},
                 {"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"db-creds","key":"password","optional":false}}},
                 {"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
                "resources":{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m"}},
                "volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/app"}],
                "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":5,"periodSeconds":10},
                "readinessProbe":{"tcpSocket":{"port":8080},"periodSeconds":5},
                "startupProbe":{"exec":{"command":["cat","/tmp/ready"]}},
                "terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent","securityContext":{},
                "envFrom":[{"configMapRef":{"name":"app-config"}},{"prefix":"DB_","secretRef":{"name":"db-creds","optional":true}}],
                "terminationMessagePolicy":"File"}],
               "restartPolicy":"Always","terminationGracePeriodSeconds":0,"dnsPolicy":"ClusterFirst","nodeSelector":{"disk":"ssd"},
               "serviceAccountName":"builder","nodeName":"node1","hostNetwork":true,"securityContext":{},
               "schedulerName":"default-scheduler",
               "initContainers":[{"name":"init","image":"busybox","command":["sh","-c","true"]}],
               "tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},
                {"operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}},
              "revisionHistoryLimit":10,"progressDeadlineSeconds":600}}
            """, decoded);
    }

    [Fact]
    public void An_eviction_decodes_to_the_json_kubectl_drain_sends()
    {
        // kubectl drain sent this JSON for the same eviction; Go writes every non-pointer ObjectMeta field.
        var eviction = new Pb().Msg(1, Meta("web-1", "default")).Msg(2, new Pb());

        AssertJson("""
            {"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"web-1","namespace":"default"},"deleteOptions":{}}
            """, KubeProtobuf.Decode(Pb.Envelope("policy/v1", "Eviction", eviction)));
    }

    [Fact]
    public void Eviction_delete_options_keep_a_zero_grace_period_and_the_propagation_policy()
    {
        var eviction = new Pb().Msg(1, Meta("web-1", "default")).Msg(2, new Pb()
            .Int(1, 0)
            .Msg(2, new Pb().Str(1, "uid-1").Str(2, "42"))
            .Str(4, "Foreground").Str(5, "All"));

        AssertJson("""
            {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1","namespace":"default"},
             "deleteOptions":{"gracePeriodSeconds":0,"preconditions":{"uid":"uid-1","resourceVersion":"42"},
              "propagationPolicy":"Foreground","dryRun":["All"]}}
            """, KubeProtobuf.Decode(Pb.Envelope("policy/v1", "Eviction", eviction)));
    }

    [Fact]
    public void Delete_options_decode_whatever_group_version_the_envelope_names()
    {
        var options = new Pb().Int(1, 30).Int(3, 1);

        AssertJson("""
            {"apiVersion":"apps/v1","kind":"DeleteOptions","gracePeriodSeconds":30,"orphanDependents":true}
            """, KubeProtobuf.Decode(Pb.Envelope("apps/v1", "DeleteOptions", options)));
    }

    [Fact]
    public void Set_times_render_as_rfc3339_and_zero_times_are_left_out()
    {
        var meta = Meta("ns1", "")
            .Msg(8, new Pb().Int(1, 1767323045).Int(2, 999))
            .Msg(9, new Pb().Int(1, -62135596800))
            .Int(10, 0)
            .Str(14, "example.com/keep");

        var ns = KubeProtobuf.Decode(Pb.Envelope("v1", "Namespace", new Pb().Msg(1, meta)));

        AssertJson("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1","creationTimestamp":"2026-01-02T03:04:05Z",
             "deletionGracePeriodSeconds":0,"finalizers":["example.com/keep"]}}
            """, ns);
    }

    [Fact]
    public void Event_micro_times_keep_microseconds_and_managed_fields_embed_their_json()
    {
        var meta = Meta("ev1", "default").Msg(17, new Pb()
            .Str(1, "kubectl").Str(2, "Update").Str(3, "v1").Msg(4, new Pb().Int(1, 1767323045))
            .Str(6, "FieldsV1").Msg(7, new Pb().Bytes(1, Encoding.UTF8.GetBytes("""{"f:reason":{}}"""))));
        var ev = new Pb()
            .Msg(1, meta)
            .Msg(2, new Pb().Str(1, "Pod").Str(3, "web-1"))
            .Str(3, "Started").Int(8, 1)
            .Msg(10, new Pb().Int(1, 1767323045).Int(2, 123_456_789))
            .Msg(11, new Pb().Int(1, 2).Msg(2, new Pb().Int(1, 1767323046)))
            .Str(14, "kubelet").Str(15, "");

        AssertJson("""
            {"apiVersion":"v1","kind":"Event",
             "metadata":{"name":"ev1","namespace":"default","managedFields":[{"manager":"kubectl","operation":"Update",
              "apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:reason":{}}}]},
             "involvedObject":{"kind":"Pod","name":"web-1"},"reason":"Started","count":1,
             "eventTime":"2026-01-02T03:04:05.123456Z","series":{"count":2,"lastObservedTime":"2026-01-02T03:04:06.000000Z"},
             "reportingComponent":"kubelet","reportingInstance":""}
            """, KubeProtobuf.Decode(Pb.Envelope("v1", "Event", ev)));
    }

    [Fact]
    public void A_named_target_port_stays_a_json_string()
    {
        var service = new Pb().Msg(2, new Pb()
            .Msg(1, new Pb().Str(1, "web").Str(2, "TCP").Int(3, 80).Msg(4, new Pb().Int(1, 1).Int(2, 0).Str(3, "http")).Int(5, 0)));

        var decoded = KubeProtobuf.Decode(Pb.Envelope("v1", "Service", service));

        Assert.Equal("http", (string?)decoded["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public void Packed_and_unpacked_repeated_integers_decode_the_same()
    {
        var packed = new Pb().Varint(1).Varint(2).Varint(300).ToArray();
        var packedPod = new Pb().Msg(2, new Pb().Msg(14, new Pb().Bytes(4, packed)));
        var unpackedPod = new Pb().Msg(2, new Pb().Msg(14, new Pb().Int(4, 1).Int(4, 2).Int(4, 300)));

        var fromPacked = KubeProtobuf.Decode(Pb.Envelope("v1", "Pod", packedPod));
        var fromUnpacked = KubeProtobuf.Decode(Pb.Envelope("v1", "Pod", unpackedPod));

        AssertJson("""{"apiVersion":"v1","kind":"Pod","spec":{"securityContext":{"supplementalGroups":[1,2,300]}}}""", fromPacked);
        AssertJson(fromPacked.ToJsonString(), fromUnpacked);
    }

    [Fact]
    public void Negative_int32_values_sign_extended_to_ten_bytes_decode_as_negative()
    {
        var pod = new Pb().Msg(2, new Pb().Int(25, -5));

        var decoded = KubeProtobuf.Decode(Pb.Envelope("v1", "Pod", pod));

        Assert.Equal(-5, (int?)decoded["spec"]!["priority"]);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var withUnknowns = new Pb()
            .Varint(99 << 3 | 0).Varint(12345)
            .Msg(1, Meta("cm", "default").Varint(50 << 3 | 1).Fixed64(0x0102030405060708))
            .Varint(98 << 3 | 5).Fixed32(0xdeadbeef)
            .Msg(2, Entry("a", "b"))
            .Str(97, "ignored");

        var decoded = KubeProtobuf.Decode(Pb.Envelope("v1", "ConfigMap", withUnknowns));

        AssertJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"a":"b"}}""", decoded);
    }

    [Fact]
    public void Optional_zero_values_on_the_wire_appear_in_json_while_omitempty_zeros_do_not()
    {
        var spec = new Pb().Int(1, 0).Int(5, 0).Int(7, 0).Int(6, 0);

        var decoded = KubeProtobuf.Decode(Pb.Envelope("apps/v1", "Deployment", new Pb().Msg(2, spec)));

        AssertJson("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":0,"revisionHistoryLimit":0}}""", decoded);
    }

    [Fact]
    public void A_map_entry_without_a_value_gets_the_empty_string()
    {
        var cm = new Pb().Msg(2, new Pb().Str(1, "empty"));

        var decoded = KubeProtobuf.Decode(Pb.Envelope("v1", "ConfigMap", cm));

        Assert.Equal("", (string?)decoded["data"]!["empty"]);
    }

    [Fact]
    public void A_network_policy_decodes_with_empty_selectors_kept_and_int_or_string_ports()
    {
        var intOrString = new Pb().Int(1, 1).Str(3, "http");
        var policy = new Pb()
            .Msg(1, new Pb().Str(1, "allow").Str(3, "shop"))
            .Msg(2, new Pb()
                .Msg(1, new Pb())
                .Msg(2, new Pb()
                    .Msg(1, new Pb().Str(1, "TCP").Msg(2, intOrString))
                    .Msg(2, new Pb().Msg(2, new Pb()))
                    .Msg(2, new Pb().Msg(3, new Pb().Str(1, "127.80.0.0/12").Str(2, "127.80.1.0/24"))))
                .Str(4, "Ingress"));

        var decoded = KubeProtobuf.Decode(Pb.Envelope("networking.k8s.io/v1", "NetworkPolicy", policy));

        AssertJson("""
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"allow","namespace":"shop"},
             "spec":{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":"http"}],
               "from":[{"namespaceSelector":{}},{"ipBlock":{"cidr":"127.80.0.0/12","except":["127.80.1.0/24"]}}]}],
             "policyTypes":["Ingress"]}}
            """, decoded);
    }

    [Fact]
    public void Every_root_kind_decodes_an_empty_object_to_just_its_type()
    {
        foreach (var (apiVersion, kind) in KubeProtoSchema.RootKinds)
        {
            var decoded = KubeProtobuf.Decode(Pb.Envelope(apiVersion, kind, new Pb()));

            AssertJson($$"""{"apiVersion":"{{apiVersion}}","kind":"{{kind}}"}""", decoded);
        }
    }

    [Fact]
    public void A_body_without_the_k8s_magic_prefix_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode("""{"kind":"ConfigMap"}"""u8));

        Assert.Contains("k8s", error.Message);
    }

    [Fact]
    public void An_empty_body_is_rejected()
    {
        Assert.Throws<FormatException>(() => KubeProtobuf.Decode([]));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(100)]
    [InlineData(225)]
    public void A_truncated_body_is_rejected(int length)
    {
        var body = Convert.FromBase64String(CapturedBase64("kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80 -n default"));

        Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body.AsSpan(0, length)));
    }

    [Fact]
    public void A_varint_cut_off_mid_byte_is_reported_as_truncated()
    {
        byte[] body = [.. "k8s\0"u8, 0x0a, 0x80];

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_length_running_past_the_end_is_rejected()
    {
        byte[] body = [.. "k8s\0"u8, 0x12, 0x05, 0x01];

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("past the end", error.Message);
    }

    [Fact]
    public void A_varint_longer_than_ten_bytes_is_rejected()
    {
        byte[] body = [.. "k8s\0"u8, 0x08, .. Enumerable.Repeat((byte)0xff, 11), 0x01];

        Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));
    }

    [Fact]
    public void Group_wire_types_are_rejected()
    {
        var body = Pb.Envelope("v1", "ConfigMap", new Pb().Varint(5 << 3 | 3).Varint(5 << 3 | 4));

        Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_rejected()
    {
        var body = Pb.Envelope("v1", "ConfigMap", new Pb().Int(1, 7));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("metadata", error.Message);
    }

    [Fact]
    public void A_kind_without_a_schema_is_rejected_naming_the_kind()
    {
        var body = Pb.Envelope("node.k8s.io/v1", "RuntimeClass", new Pb().Msg(1, Meta("r", "default")));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("RuntimeClass", error.Message);
    }

    [Fact]
    public void An_envelope_without_a_kind_is_rejected()
    {
        byte[] body = [.. "k8s\0"u8, 0x12, 0x00];

        Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1_100L, "1.1µs")]
    [InlineData(2_200_000L, "2.2ms")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(4_000_000_001L, "4.000000001s")]
    [InlineData(-61_000_000_000L, "-1m1s")]
    [InlineData(long.MinValue, "-2562047h47m16.854775808s")]
    public void Durations_format_like_go_time_duration_string(long nanos, string expected) =>
        Assert.Equal(expected, ProtoSpecialTypes.FormatGoDuration(nanos));

    [Fact]
    public void A_raw_extension_holds_either_json_or_a_nested_protobuf_object()
    {
        var json = new Pb().Bytes(1, Encoding.UTF8.GetBytes("""{"kind":"Foo","spec":{"x":1}}""")).ToArray();
        var nested = new Pb().Bytes(1, Pb.Envelope("v1", "ConfigMap", new Pb().Msg(2, Entry("a", "b")))).ToArray();

        AssertJson("""{"kind":"Foo","spec":{"x":1}}""", ProtoSpecialTypes.Decode(ProtoKind.RawExtension, json, 0)!);
        AssertJson("""{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"b"}}""", ProtoSpecialTypes.Decode(ProtoKind.RawExtension, nested, 0)!);
        Assert.Throws<FormatException>(() => ProtoSpecialTypes.Decode(ProtoKind.RawExtension, new Pb().Str(1, "{not json").ToArray(), 0));
    }

    private static JsonObject Captured(string command) => KubeProtobuf.Decode(Convert.FromBase64String(CapturedBase64(command)));

    private static string CapturedBase64(string command) =>
        Captures.Single(capture => capture.Command == command).Body;

    private static void AssertJson(string expected, JsonNode actual, string? because = null)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual),
            $"{because}\nexpected: {expectedNode?.ToJsonString()}\nactual:   {actual.ToJsonString()}");
    }

    /// <summary>ObjectMeta as Go writes it: every non-pointer field present, even when empty.</summary>
    private static Pb Meta(string name, string ns) =>
        new Pb().Str(1, name).Str(2, "").Str(3, ns).Str(4, "").Str(5, "").Str(6, "").Int(7, 0).Msg(8, new Pb());

    private static Pb Entry(string key, string value) => new Pb().Str(1, key).Str(2, value);

    private static Pb Entry(string key, Pb value) => new Pb().Str(1, key).Msg(2, value);

    /// <summary>Minimal protobuf writer for hand-built test messages.</summary>
    private sealed class Pb
    {
        private readonly List<byte> _bytes = [];

        public static byte[] Envelope(string apiVersion, string kind, Pb obj) =>
            [.. "k8s\0"u8, .. new Pb().Msg(1, new Pb().Str(1, apiVersion).Str(2, kind)).Msg(2, obj).Str(3, "").Str(4, "").ToArray()];

        public Pb Varint(ulong value)
        {
            do
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                _bytes.Add(value == 0 ? b : (byte)(b | 0x80));
            }
            while (value != 0);

            return this;
        }

        public Pb Int(int field, long value) => Varint((ulong)(field << 3)).Varint(unchecked((ulong)value));

        public Pb Bytes(int field, byte[] value)
        {
            Varint((ulong)(field << 3 | 2)).Varint((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public Pb Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Pb Msg(int field, Pb message) => Bytes(field, message.ToArray());

        public Pb Fixed64(ulong value)
        {
            _bytes.AddRange(BitConverter.GetBytes(value));
            return this;
        }

        public Pb Fixed32(uint value)
        {
            _bytes.AddRange(BitConverter.GetBytes(value));
            return this;
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
