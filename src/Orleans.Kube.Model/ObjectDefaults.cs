using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// The defaults kube-apiserver fills in on create and update, so `kubectl get -o yaml` and the
/// controllers see the same shape as on a real cluster.
/// </summary>
public static class ObjectDefaults
{
    public static void Apply(ResourceKind kind, JsonObject obj) => kind.Defaults?.Invoke(obj);

    internal static void Pod(JsonObject obj) => PodSpec(Obj(obj, "spec"));

    internal static void Deployment(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        spec.TryAdd("replicas", 1);
        spec.TryAdd("revisionHistoryLimit", 10);
        spec.TryAdd("progressDeadlineSeconds", 600);
        var strategy = Obj(spec, "strategy");
        strategy.TryAdd("type", "RollingUpdate");
        if (strategy.GetString("type") == "RollingUpdate")
        {
            var rolling = Obj(strategy, "rollingUpdate");
            rolling.TryAdd("maxSurge", "25%");
            rolling.TryAdd("maxUnavailable", "25%");
        }
        Template(spec);
    }

    /// <summary>ReplicaSets and StatefulSets: one replica of their template.</summary>
    internal static void ReplicatedWorkload(JsonObject obj)
    {
        Obj(obj, "spec").TryAdd("replicas", 1);
        Template(Obj(obj, "spec"));
    }

    /// <summary>SetDefaults_StatefulSet: OrderedReady, RollingUpdate from partition 0, ten revisions, claims retained.</summary>
    internal static void StatefulSet(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        spec.TryAdd("replicas", 1);
        spec.TryAdd("podManagementPolicy", "OrderedReady");
        spec.TryAdd("revisionHistoryLimit", 10);
        var strategy = Obj(spec, "updateStrategy");
        strategy.TryAdd("type", "RollingUpdate");
        if (strategy.GetString("type") == "RollingUpdate")
            Obj(strategy, "rollingUpdate").TryAdd("partition", 0);
        var retention = Obj(spec, "persistentVolumeClaimRetentionPolicy");
        retention.TryAdd("whenDeleted", "Retain");
        retention.TryAdd("whenScaled", "Retain");
        if (spec["volumeClaimTemplates"] is JsonArray templates)
            foreach (var template in templates.OfType<JsonObject>())
                Kinds.PersistentVolumeClaimKind.Defaults(template);
        Template(spec);
    }

    /// <summary>DaemonSets roll one node at a time by default and keep ten revisions.</summary>
    internal static void DaemonSet(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        spec.TryAdd("revisionHistoryLimit", 10);
        var strategy = Obj(spec, "updateStrategy");
        strategy.TryAdd("type", "RollingUpdate");
        if (strategy.GetString("type") == "RollingUpdate")
        {
            var rolling = Obj(strategy, "rollingUpdate");
            rolling.TryAdd("maxUnavailable", 1);
            rolling.TryAdd("maxSurge", 0);
        }
        Template(spec);
    }

    internal static void Job(JsonObject obj)
    {
        var job = Obj(obj, "spec");
        job.TryAdd("backoffLimit", 6);
        // kube: both unset means one pod to run once; parallelism alone is a work queue (completions stays unset).
        if (job["completions"] is null && job["parallelism"] is null)
            job["completions"] = 1;
        job.TryAdd("parallelism", 1);
        job.TryAdd("completionMode", "NonIndexed");
        job.TryAdd("suspend", false);
        // kube: with a podFailurePolicy a pod is replaced only once it has fully failed.
        job.TryAdd("podReplacementPolicy", job["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        Template(job, restartPolicy: "Never");
    }

    /// <summary>autoscaling/v2: minReplicas 1, 80 % CPU when no metric is given; a given behavior gets kube's rules where unset.</summary>
    internal static void HorizontalPodAutoscaler(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        spec.TryAdd("minReplicas", 1);
        if (spec["metrics"] is not JsonArray { Count: > 0 })
            spec["metrics"] = JsonNode.Parse("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]""");
        if (spec["behavior"] is not JsonObject behavior)
            return;
        ScalingRules(behavior, "scaleUp", 0, """[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]""");
        ScalingRules(behavior, "scaleDown", null, """[{"type":"Percent","value":100,"periodSeconds":15}]""");
    }

    private static void ScalingRules(JsonObject behavior, string direction, int? window, string policies)
    {
        var rules = Obj(behavior, direction);
        if (window is { } seconds)
            rules.TryAdd("stabilizationWindowSeconds", seconds);
        rules.TryAdd("selectPolicy", "Max");
        if (rules["policies"] is not JsonArray { Count: > 0 })
            rules["policies"] = JsonNode.Parse(policies);
    }

    internal static void CronJob(JsonObject obj)
    {
        var cron = Obj(obj, "spec");
        cron.TryAdd("concurrencyPolicy", "Allow");
        cron.TryAdd("suspend", false);
        cron.TryAdd("successfulJobsHistoryLimit", 3);
        cron.TryAdd("failedJobsHistoryLimit", 1);
    }

    internal static void Service(JsonObject obj) => ServiceSpec(Obj(obj, "spec"));

    internal static void Namespace(JsonObject obj)
    {
        Obj(obj, "spec").TryAdd("finalizers", new JsonArray("kubernetes"));
        Obj(obj, "status").TryAdd("phase", "Active");
    }

    internal static void Secret(JsonObject obj)
    {
        obj.TryAdd("type", "Opaque");
        MoveStringData(obj);
    }

    /// <summary>stringData is write-only: its entries become base64 data, overriding keys of the same name.</summary>
    private static void MoveStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject strings)
            return;
        var data = Obj(secret, "data");
        foreach (var (key, value) in strings)
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        secret.Remove("stringData");
    }

    private static void Template(JsonObject workloadSpec, string restartPolicy = "Always") =>
        PodSpec(Obj(Obj(workloadSpec, "template"), "spec"), restartPolicy);

    private static void PodSpec(JsonObject spec, string restartPolicy = "Always")
    {
        spec.TryAdd("restartPolicy", restartPolicy);
        spec.TryAdd("terminationGracePeriodSeconds", 30);
        spec.TryAdd("dnsPolicy", "ClusterFirst");
        spec.TryAdd("schedulerName", "default-scheduler");
        spec.TryAdd("securityContext", new JsonObject());
        foreach (var list in new[] { "initContainers", "containers" })
            if (spec[list] is JsonArray containers)
                foreach (var container in containers.OfType<JsonObject>())
                    Container(container);
    }

    private static void Container(JsonObject container)
    {
        var image = container.GetString("image") ?? "";
        var tag = image.Contains('@') ? "digest" : image.LastIndexOf(':') > image.LastIndexOf('/') ? image[(image.LastIndexOf(':') + 1)..] : "latest";
        container.TryAdd("imagePullPolicy", tag == "latest" ? "Always" : "IfNotPresent");
        container.TryAdd("terminationMessagePath", "/dev/termination-log");
        container.TryAdd("terminationMessagePolicy", "File");
        container.TryAdd("resources", new JsonObject());
        if (container["ports"] is JsonArray ports)
            foreach (var port in ports.OfType<JsonObject>())
                port.TryAdd("protocol", "TCP");
    }

    private static void ServiceSpec(JsonObject spec)
    {
        spec.TryAdd("type", "ClusterIP");
        spec.TryAdd("sessionAffinity", "None");
        spec.TryAdd("internalTrafficPolicy", "Cluster");
        if (spec["ports"] is JsonArray ports)
            foreach (var port in ports.OfType<JsonObject>())
            {
                port.TryAdd("protocol", "TCP");
                if (port["targetPort"] is null && port["port"] is JsonNode number)
                    port["targetPort"] = number.DeepClone();
            }
    }

    internal static JsonObject Obj(JsonObject parent, string property)
    {
        if (parent[property] is JsonObject child)
            return child;
        child = new JsonObject();
        parent[property] = child;
        return child;
    }
}
