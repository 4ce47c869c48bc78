namespace Orleans.Kube.Model.Protobuf;

/// <summary>
/// Field numbers of the Kubernetes protobuf messages we decode, keyed "package.Message", with the Kubernetes JSON
/// name of each field. Numbers follow k8s.io/api and k8s.io/apimachinery generated.proto; JSON names and which
/// fields drop zero values follow the Go json tags. Fields not listed here (newer features, cloud volume sources,
/// pod status) are skipped by the decoder, like any unknown field.
/// </summary>
internal static class KubeProtoSchema
{
    private static readonly Dictionary<string, ProtoMessage> MessageTable = new(StringComparer.Ordinal);

    /// <summary>
    /// Envelope (apiVersion, kind) to the message that encodes it: each served kind's declared
    /// <see cref="ResourceKind.ProtoMessage"/>, plus the bodies of subresources and kinds we only accept.
    /// </summary>
    private static readonly Dictionary<(string ApiVersion, string Kind), string> RootTable =
        ResourceKinds.Served.Where(k => k.ProtoMessage is not null)
            .Select(k => KeyValuePair.Create((k.ApiVersion, k.Kind), k.ProtoMessage!))
            .Concat(new Dictionary<(string, string), string>
            {
                [("policy/v1", "Eviction")] = "policy.Eviction",
                [("policy/v1", "PodDisruptionBudget")] = "policy.PodDisruptionBudget",
                [("authentication.k8s.io/v1", "TokenRequest")] = "authentication.TokenRequest",
                [("authentication.k8s.io/v1", "TokenReview")] = "authentication.TokenReview",
                [("authentication.k8s.io/v1", "SelfSubjectReview")] = "authentication.SelfSubjectReview",
                [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = "authorization.SelfSubjectAccessReview",
                [("authorization.k8s.io/v1", "SubjectAccessReview")] = "authorization.SubjectAccessReview",
                [("authorization.k8s.io/v1", "LocalSubjectAccessReview")] = "authorization.SubjectAccessReview",
                [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = "authorization.SelfSubjectRulesReview",
            })
            .ToDictionary();

    static KubeProtoSchema()
    {
        // k8s.io/apimachinery/pkg/apis/meta/v1
        Add("meta.ObjectMeta",
            S(1, "name"), S(2, "generateName"), S(3, "namespace"), S(4, "selfLink"), S(5, "uid"), S(6, "resourceVersion"),
            I64(7, "generation"), Time(8, "creationTimestamp"), Time(9, "deletionTimestamp"),
            I64(10, "deletionGracePeriodSeconds").Keep, MapS(11, "labels"), MapS(12, "annotations"),
            Msg(13, "ownerReferences", "meta.OwnerReference").List, S(14, "finalizers").List,
            Msg(17, "managedFields", "meta.ManagedFieldsEntry").List);
        Add("meta.OwnerReference",
            S(1, "kind").Keep, S(3, "name").Keep, S(4, "uid").Keep, S(5, "apiVersion").Keep, Bool(6, "controller").Keep,
            Bool(7, "blockOwnerDeletion").Keep);
        Add("meta.ManagedFieldsEntry",
            S(1, "manager"), S(2, "operation"), S(3, "apiVersion"), Time(4, "time"), S(6, "fieldsType"), FieldsV1(7, "fieldsV1"),
            S(8, "subresource"));
        Add("meta.LabelSelector",
            MapS(1, "matchLabels"), Msg(2, "matchExpressions", "meta.LabelSelectorRequirement").List);
        Add("meta.LabelSelectorRequirement",
            S(1, "key").Keep, S(2, "operator").Keep, S(3, "values").List);
        Add("meta.DeleteOptions",
            I64(1, "gracePeriodSeconds").Keep, Msg(2, "preconditions", "meta.Preconditions"), Bool(3, "orphanDependents").Keep,
            S(4, "propagationPolicy").Keep, S(5, "dryRun").List,
            Bool(6, "ignoreStoreReadErrorWithClusterBreakingPotential").Keep);
        Add("meta.Preconditions",
            S(1, "uid").Keep, S(2, "resourceVersion").Keep);
        Add("meta.Condition",
            S(1, "type").Keep, S(2, "status").Keep, I64(3, "observedGeneration"), Time(4, "lastTransitionTime"),
            S(5, "reason").Keep, S(6, "message").Keep);

        // k8s.io/api/core/v1
        Add("core.Namespace",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "core.NamespaceSpec"),
            Msg(3, "status", "core.NamespaceStatus"));
        Add("core.NamespaceSpec",
            S(1, "finalizers").List);
        Add("core.NamespaceStatus",
            S(1, "phase"), Msg(2, "conditions", "core.NamespaceCondition").List);
        Add("core.NamespaceCondition",
            S(1, "type").Keep, S(2, "status").Keep, Time(4, "lastTransitionTime"), S(5, "reason"), S(6, "message"));
        Add("core.ConfigMap",
            Msg(1, "metadata", "meta.ObjectMeta"), MapS(2, "data"), MapBytes(3, "binaryData"), Bool(4, "immutable").Keep);
        Add("core.Secret",
            Msg(1, "metadata", "meta.ObjectMeta"), MapBytes(2, "data"), S(3, "type"), MapS(4, "stringData"),
            Bool(5, "immutable").Keep);
        Add("core.ServiceAccount",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "secrets", "core.ObjectReference").List,
            Msg(3, "imagePullSecrets", "core.LocalObjectReference").List, Bool(4, "automountServiceAccountToken").Keep);
        Add("core.ObjectReference",
            S(1, "kind"), S(2, "namespace"), S(3, "name"), S(4, "uid"), S(5, "apiVersion"), S(6, "resourceVersion"),
            S(7, "fieldPath"));
        Add("core.LocalObjectReference",
            S(1, "name"));
        Add("core.Service",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "core.ServiceSpec"), Msg(3, "status", "core.ServiceStatus"));
        Add("core.ServiceSpec",
            Msg(1, "ports", "core.ServicePort").List, MapS(2, "selector"), S(3, "clusterIP"), S(4, "type"),
            S(5, "externalIPs").List, S(7, "sessionAffinity"), S(8, "loadBalancerIP"), S(9, "loadBalancerSourceRanges").List,
            S(10, "externalName"), S(11, "externalTrafficPolicy"), I32(12, "healthCheckNodePort"),
            Bool(13, "publishNotReadyAddresses"), Msg(14, "sessionAffinityConfig", "core.SessionAffinityConfig"),
            S(17, "ipFamilyPolicy").Keep, S(18, "clusterIPs").List, S(19, "ipFamilies").List,
            Bool(20, "allocateLoadBalancerNodePorts").Keep, S(21, "loadBalancerClass").Keep, S(22, "internalTrafficPolicy").Keep,
            S(23, "trafficDistribution").Keep);
        Add("core.ServicePort",
            S(1, "name"), S(2, "protocol"), I32(3, "port").Keep, IntStr(4, "targetPort"), I32(5, "nodePort"),
            S(6, "appProtocol").Keep);
        Add("core.SessionAffinityConfig",
            Msg(1, "clientIP", "core.ClientIPConfig"));
        Add("core.ClientIPConfig",
            I32(1, "timeoutSeconds").Keep);
        Add("core.ServiceStatus",
            Msg(1, "loadBalancer", "core.LoadBalancerStatus"), Msg(2, "conditions", "meta.Condition").List);
        Add("core.LoadBalancerStatus",
            Msg(1, "ingress", "core.LoadBalancerIngress").List);
        Add("core.LoadBalancerIngress",
            S(1, "ip"), S(2, "hostname"), S(3, "ipMode").Keep, Msg(4, "ports", "core.PortStatus").List);
        Add("core.PortStatus",
            I32(1, "port").Keep, S(2, "protocol").Keep, S(3, "error").Keep);
        Add("core.Pod",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "core.PodSpec"));
        Add("core.PodSpec",
            Msg(1, "volumes", "core.Volume").List, Msg(2, "containers", "core.Container").List, S(3, "restartPolicy"),
            I64(4, "terminationGracePeriodSeconds").Keep, I64(5, "activeDeadlineSeconds").Keep, S(6, "dnsPolicy"),
            MapS(7, "nodeSelector"), S(8, "serviceAccountName"), S(9, "serviceAccount"), S(10, "nodeName"),
            Bool(11, "hostNetwork"), Bool(12, "hostPID"), Bool(13, "hostIPC"),
            Msg(14, "securityContext", "core.PodSecurityContext"), Msg(15, "imagePullSecrets", "core.LocalObjectReference").List,
            S(16, "hostname"), S(17, "subdomain"), Msg(18, "affinity", "core.Affinity"), S(19, "schedulerName"),
            Msg(20, "initContainers", "core.Container").List, Bool(21, "automountServiceAccountToken").Keep,
            Msg(22, "tolerations", "core.Toleration").List, Msg(23, "hostAliases", "core.HostAlias").List,
            S(24, "priorityClassName"), I32(25, "priority").Keep, Msg(26, "dnsConfig", "core.PodDNSConfig"),
            Bool(27, "shareProcessNamespace").Keep, Msg(28, "readinessGates", "core.PodReadinessGate").List,
            S(29, "runtimeClassName").Keep, Bool(30, "enableServiceLinks").Keep, S(31, "preemptionPolicy").Keep,
            MapQuantity(32, "overhead"), Msg(33, "topologySpreadConstraints", "core.TopologySpreadConstraint").List,
            Bool(35, "setHostnameAsFQDN").Keep, Msg(36, "os", "core.PodOS"), Bool(37, "hostUsers").Keep,
            Msg(38, "schedulingGates", "core.PodSchedulingGate").List, Msg(40, "resources", "core.ResourceRequirements"),
            S(41, "hostnameOverride").Keep);
        Add("core.PodTemplateSpec",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "core.PodSpec"));
        Add("core.Container",
            S(1, "name").Keep, S(2, "image"), S(3, "command").List, S(4, "args").List, S(5, "workingDir"),
            Msg(6, "ports", "core.ContainerPort").List, Msg(7, "env", "core.EnvVar").List,
            Msg(8, "resources", "core.ResourceRequirements"), Msg(9, "volumeMounts", "core.VolumeMount").List,
            Msg(10, "livenessProbe", "core.Probe"), Msg(11, "readinessProbe", "core.Probe"),
            Msg(12, "lifecycle", "core.Lifecycle"), S(13, "terminationMessagePath"), S(14, "imagePullPolicy"),
            Msg(15, "securityContext", "core.SecurityContext"), Bool(16, "stdin"), Bool(17, "stdinOnce"), Bool(18, "tty"),
            Msg(19, "envFrom", "core.EnvFromSource").List, S(20, "terminationMessagePolicy"),
            Msg(21, "volumeDevices", "core.VolumeDevice").List, Msg(22, "startupProbe", "core.Probe"),
            Msg(23, "resizePolicy", "core.ContainerResizePolicy").List, S(24, "restartPolicy").Keep);
        Add("core.ContainerPort",
            S(1, "name"), I32(2, "hostPort"), I32(3, "containerPort").Keep, S(4, "protocol"), S(5, "hostIP"));
        Add("core.EnvVar",
            S(1, "name").Keep, S(2, "value"), Msg(3, "valueFrom", "core.EnvVarSource"));
        Add("core.EnvVarSource",
            Msg(1, "fieldRef", "core.ObjectFieldSelector"), Msg(2, "resourceFieldRef", "core.ResourceFieldSelector"),
            Msg(3, "configMapKeyRef", "core.ConfigMapKeySelector"), Msg(4, "secretKeyRef", "core.SecretKeySelector"));
        Add("core.ConfigMapKeySelector",
            Inline(1, "core.LocalObjectReference"), S(2, "key").Keep, Bool(3, "optional").Keep);
        Add("core.SecretKeySelector",
            Inline(1, "core.LocalObjectReference"), S(2, "key").Keep, Bool(3, "optional").Keep);
        Add("core.ObjectFieldSelector",
            S(1, "apiVersion"), S(2, "fieldPath").Keep);
        Add("core.ResourceFieldSelector",
            S(1, "containerName"), S(2, "resource").Keep, Quantity(3, "divisor"));
        Add("core.EnvFromSource",
            S(1, "prefix"), Msg(2, "configMapRef", "core.ConfigMapEnvSource"), Msg(3, "secretRef", "core.SecretEnvSource"));
        Add("core.ConfigMapEnvSource",
            Inline(1, "core.LocalObjectReference"), Bool(2, "optional").Keep);
        Add("core.SecretEnvSource",
            Inline(1, "core.LocalObjectReference"), Bool(2, "optional").Keep);
        Add("core.ResourceRequirements",
            MapQuantity(1, "limits"), MapQuantity(2, "requests"), Msg(3, "claims", "core.ResourceClaim").List);
        Add("core.ResourceClaim",
            S(1, "name").Keep, S(2, "request"));
        Add("core.VolumeMount",
            S(1, "name").Keep, Bool(2, "readOnly"), S(3, "mountPath").Keep, S(4, "subPath"), S(5, "mountPropagation").Keep,
            S(6, "subPathExpr"), S(7, "recursiveReadOnly").Keep, S(8, "bindMountOptions").List);
        Add("core.VolumeDevice",
            S(1, "name").Keep, S(2, "devicePath").Keep);
        Add("core.Probe",
            Inline(1, "core.ProbeHandler"), I32(2, "initialDelaySeconds"), I32(3, "timeoutSeconds"), I32(4, "periodSeconds"),
            I32(5, "successThreshold"), I32(6, "failureThreshold"), I64(7, "terminationGracePeriodSeconds").Keep);
        Add("core.ProbeHandler",
            Msg(1, "exec", "core.ExecAction"), Msg(2, "httpGet", "core.HTTPGetAction"),
            Msg(3, "tcpSocket", "core.TCPSocketAction"), Msg(4, "grpc", "core.GRPCAction"));
        Add("core.ExecAction",
            S(1, "command").List);
        Add("core.HTTPGetAction",
            S(1, "path"), IntStr(2, "port"), S(3, "host"), S(4, "scheme"), Msg(5, "httpHeaders", "core.HTTPHeader").List,
            S(6, "protocol").Keep);
        Add("core.HTTPHeader",
            S(1, "name").Keep, S(2, "value").Keep);
        Add("core.TCPSocketAction",
            IntStr(1, "port"), S(2, "host"));
        Add("core.GRPCAction",
            I32(1, "port").Keep, S(2, "service").Keep, S(3, "mode").Keep);
        Add("core.Lifecycle",
            Msg(1, "postStart", "core.LifecycleHandler"), Msg(2, "preStop", "core.LifecycleHandler"), S(3, "stopSignal").Keep);
        Add("core.LifecycleHandler",
            Msg(1, "exec", "core.ExecAction"), Msg(2, "httpGet", "core.HTTPGetAction"),
            Msg(3, "tcpSocket", "core.TCPSocketAction"), Msg(4, "sleep", "core.SleepAction"));
        Add("core.SleepAction",
            I64(1, "seconds").Keep);
        Add("core.SecurityContext",
            Msg(1, "capabilities", "core.Capabilities"), Bool(2, "privileged").Keep,
            Msg(3, "seLinuxOptions", "core.SELinuxOptions"), I64(4, "runAsUser").Keep, Bool(5, "runAsNonRoot").Keep,
            Bool(6, "readOnlyRootFilesystem").Keep, Bool(7, "allowPrivilegeEscalation").Keep, I64(8, "runAsGroup").Keep,
            S(9, "procMount").Keep, Msg(10, "windowsOptions", "core.WindowsSecurityContextOptions"),
            Msg(11, "seccompProfile", "core.SeccompProfile"), Msg(12, "appArmorProfile", "core.AppArmorProfile"));
        Add("core.Capabilities",
            S(1, "add").List, S(2, "drop").List);
        Add("core.SELinuxOptions",
            S(1, "user"), S(2, "role"), S(3, "type"), S(4, "level"));
        Add("core.SeccompProfile",
            S(1, "type").Keep, S(2, "localhostProfile").Keep);
        Add("core.AppArmorProfile",
            S(1, "type").Keep, S(2, "localhostProfile").Keep);
        Add("core.PodSecurityContext",
            Msg(1, "seLinuxOptions", "core.SELinuxOptions"), I64(2, "runAsUser").Keep, Bool(3, "runAsNonRoot").Keep,
            I64(4, "supplementalGroups").List, I64(5, "fsGroup").Keep, I64(6, "runAsGroup").Keep,
            Msg(7, "sysctls", "core.Sysctl").List, Msg(8, "windowsOptions", "core.WindowsSecurityContextOptions"),
            S(9, "fsGroupChangePolicy").Keep, Msg(10, "seccompProfile", "core.SeccompProfile"),
            Msg(11, "appArmorProfile", "core.AppArmorProfile"), S(12, "supplementalGroupsPolicy").Keep,
            S(13, "seLinuxChangePolicy").Keep);
        Add("core.Sysctl",
            S(1, "name").Keep, S(2, "value").Keep);
        Add("core.WindowsSecurityContextOptions",
            S(1, "gmsaCredentialSpecName").Keep, S(2, "gmsaCredentialSpec").Keep, S(3, "runAsUserName").Keep,
            Bool(4, "hostProcess").Keep);
        Add("core.PodSchedulingGate",
            S(1, "name").Keep);
        Add("core.ContainerResizePolicy",
            S(1, "resourceName").Keep, S(2, "restartPolicy").Keep);
        Add("core.DownwardAPIVolumeSource",
            Msg(1, "items", "core.DownwardAPIVolumeFile").List, I32(2, "defaultMode").Keep, I64(3, "defaultUser").Keep);
        Add("core.DownwardAPIVolumeFile",
            S(1, "path").Keep, Msg(2, "fieldRef", "core.ObjectFieldSelector"),
            Msg(3, "resourceFieldRef", "core.ResourceFieldSelector"), I32(4, "mode").Keep, I64(5, "user").Keep);
        Add("core.ProjectedVolumeSource",
            Msg(1, "sources", "core.VolumeProjection").List, I32(2, "defaultMode").Keep, I64(3, "defaultUser").Keep);
        Add("core.VolumeProjection",
            Msg(1, "secret", "core.SecretProjection"), Msg(2, "downwardAPI", "core.DownwardAPIProjection"),
            Msg(3, "configMap", "core.ConfigMapProjection"),
            Msg(4, "serviceAccountToken", "core.ServiceAccountTokenProjection"));
        Add("core.ServiceAccountTokenProjection",
            S(1, "audience"), I64(2, "expirationSeconds").Keep, S(3, "path").Keep, I64(4, "user").Keep);
        Add("core.ConfigMapProjection",
            Inline(1, "core.LocalObjectReference"), Msg(2, "items", "core.KeyToPath").List, Bool(4, "optional").Keep);
        Add("core.SecretProjection",
            Inline(1, "core.LocalObjectReference"), Msg(2, "items", "core.KeyToPath").List, Bool(4, "optional").Keep);
        Add("core.DownwardAPIProjection",
            Msg(1, "items", "core.DownwardAPIVolumeFile").List);
        Add("core.NFSVolumeSource",
            S(1, "server").Keep, S(2, "path").Keep, Bool(3, "readOnly"));
        Add("core.Volume",
            S(1, "name").Keep, Inline(2, "core.VolumeSource"));
        Add("core.VolumeSource",
            Msg(1, "hostPath", "core.HostPathVolumeSource"), Msg(2, "emptyDir", "core.EmptyDirVolumeSource"),
            Msg(6, "secret", "core.SecretVolumeSource"), Msg(7, "nfs", "core.NFSVolumeSource"),
            Msg(10, "persistentVolumeClaim", "core.PersistentVolumeClaimVolumeSource"),
            Msg(16, "downwardAPI", "core.DownwardAPIVolumeSource"), Msg(19, "configMap", "core.ConfigMapVolumeSource"),
            Msg(26, "projected", "core.ProjectedVolumeSource"));
        Add("core.ConfigMapVolumeSource",
            Inline(1, "core.LocalObjectReference"), Msg(2, "items", "core.KeyToPath").List, I32(3, "defaultMode").Keep,
            Bool(4, "optional").Keep, I64(5, "defaultUser").Keep);
        Add("core.SecretVolumeSource",
            S(1, "secretName"), Msg(2, "items", "core.KeyToPath").List, I32(3, "defaultMode").Keep, Bool(4, "optional").Keep,
            I64(5, "defaultUser").Keep);
        Add("core.KeyToPath",
            S(1, "key").Keep, S(2, "path").Keep, I32(3, "mode").Keep, I64(4, "user").Keep);
        Add("core.EmptyDirVolumeSource",
            S(1, "medium"), Quantity(2, "sizeLimit"), I32(3, "mode").Keep);
        Add("core.HostPathVolumeSource",
            S(1, "path").Keep, S(2, "type").Keep);
        Add("core.PersistentVolumeClaimVolumeSource",
            S(1, "claimName").Keep, Bool(2, "readOnly"));
        Add("core.Toleration",
            S(1, "key"), S(2, "operator"), S(3, "value"), S(4, "effect"), I64(5, "tolerationSeconds").Keep);
        Add("core.HostAlias",
            S(1, "ip").Keep, S(2, "hostnames").List);
        Add("core.PodDNSConfig",
            S(1, "nameservers").List, S(2, "searches").List, Msg(3, "options", "core.PodDNSConfigOption").List);
        Add("core.PodDNSConfigOption",
            S(1, "name"), S(2, "value").Keep);
        Add("core.Affinity",
            Msg(1, "nodeAffinity", "core.NodeAffinity"), Msg(2, "podAffinity", "core.PodAffinity"),
            Msg(3, "podAntiAffinity", "core.PodAntiAffinity"));
        Add("core.NodeAffinity",
            Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.NodeSelector"),
            Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.PreferredSchedulingTerm").List);
        Add("core.NodeSelector",
            Msg(1, "nodeSelectorTerms", "core.NodeSelectorTerm").List);
        Add("core.NodeSelectorTerm",
            Msg(1, "matchExpressions", "core.NodeSelectorRequirement").List,
            Msg(2, "matchFields", "core.NodeSelectorRequirement").List);
        Add("core.NodeSelectorRequirement",
            S(1, "key").Keep, S(2, "operator").Keep, S(3, "values").List);
        Add("core.PreferredSchedulingTerm",
            I32(1, "weight").Keep, Msg(2, "preference", "core.NodeSelectorTerm"));
        Add("core.PodAffinity",
            Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm").List,
            Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm").List);
        Add("core.PodAntiAffinity",
            Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm").List,
            Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm").List);
        Add("core.PodAffinityTerm",
            Msg(1, "labelSelector", "meta.LabelSelector"), S(2, "namespaces").List, S(3, "topologyKey").Keep,
            Msg(4, "namespaceSelector", "meta.LabelSelector"), S(5, "matchLabelKeys").List, S(6, "mismatchLabelKeys").List);
        Add("core.WeightedPodAffinityTerm",
            I32(1, "weight").Keep, Msg(2, "podAffinityTerm", "core.PodAffinityTerm"));
        Add("core.TopologySpreadConstraint",
            I32(1, "maxSkew").Keep, S(2, "topologyKey").Keep, S(3, "whenUnsatisfiable").Keep,
            Msg(4, "labelSelector", "meta.LabelSelector"), I32(5, "minDomains").Keep, S(6, "nodeAffinityPolicy").Keep,
            S(7, "nodeTaintsPolicy").Keep, S(8, "matchLabelKeys").List);
        Add("core.PodReadinessGate",
            S(1, "conditionType").Keep);
        Add("core.PodOS",
            S(1, "name").Keep);
        Add("core.Event",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "involvedObject", "core.ObjectReference"), S(3, "reason"),
            S(4, "message"), Msg(5, "source", "core.EventSource"), Time(6, "firstTimestamp"), Time(7, "lastTimestamp"),
            I32(8, "count"), S(9, "type"), MicroTime(10, "eventTime"), Msg(11, "series", "core.EventSeries"), S(12, "action"),
            Msg(13, "related", "core.ObjectReference"), S(14, "reportingComponent").Keep, S(15, "reportingInstance").Keep);
        Add("core.EventSource",
            S(1, "component"), S(2, "host"));
        Add("core.EventSeries",
            I32(1, "count"), MicroTime(2, "lastObservedTime"));
        Add("core.ResourceQuota",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "core.ResourceQuotaSpec"),
            Msg(3, "status", "core.ResourceQuotaStatus"));
        Add("core.ResourceQuotaSpec",
            MapQuantity(1, "hard"), S(2, "scopes").List, Msg(3, "scopeSelector", "core.ScopeSelector"));
        Add("core.ScopeSelector",
            Msg(1, "matchExpressions", "core.ScopedResourceSelectorRequirement").List);
        Add("core.ScopedResourceSelectorRequirement",
            S(1, "scopeName").Keep, S(2, "operator").Keep, S(3, "values").List);
        Add("core.ResourceQuotaStatus",
            MapQuantity(1, "hard"), MapQuantity(2, "used"));

        // k8s.io/api/apps/v1
        // k8s.io/api/autoscaling/v1 (kubectl autoscale posts it)
        Add("autoscaling.v1.HorizontalPodAutoscaler",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "autoscaling.v1.HorizontalPodAutoscalerSpec"),
            Msg(3, "status", "autoscaling.v1.HorizontalPodAutoscalerStatus"));
        Add("autoscaling.v1.HorizontalPodAutoscalerSpec",
            Msg(1, "scaleTargetRef", "autoscaling.v1.CrossVersionObjectReference"), I32(2, "minReplicas").Keep,
            I32(3, "maxReplicas").Keep, I32(4, "targetCPUUtilizationPercentage").Keep);
        Add("autoscaling.v1.CrossVersionObjectReference",
            S(1, "kind").Keep, S(2, "name").Keep, S(3, "apiVersion"));
        Add("autoscaling.v1.HorizontalPodAutoscalerStatus",
            I64(1, "observedGeneration").Keep, Time(2, "lastScaleTime"), I32(3, "currentReplicas").Keep,
            I32(4, "desiredReplicas").Keep, I32(5, "currentCPUUtilizationPercentage").Keep);

        Add("apps.Deployment",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "apps.DeploymentSpec"),
            Msg(3, "status", "apps.DeploymentStatus"));
        Add("apps.DeploymentSpec",
            I32(1, "replicas").Keep, Msg(2, "selector", "meta.LabelSelector"), Msg(3, "template", "core.PodTemplateSpec"),
            Msg(4, "strategy", "apps.DeploymentStrategy"), I32(5, "minReadySeconds"), I32(6, "revisionHistoryLimit").Keep,
            Bool(7, "paused"), I32(9, "progressDeadlineSeconds").Keep);
        Add("apps.DeploymentStrategy",
            S(1, "type"), Msg(2, "rollingUpdate", "apps.RollingUpdateDeployment"));
        Add("apps.RollingUpdateDeployment",
            IntStr(1, "maxUnavailable"), IntStr(2, "maxSurge"));
        Add("apps.DeploymentStatus",
            I64(1, "observedGeneration"), I32(2, "replicas"), I32(3, "updatedReplicas"), I32(4, "availableReplicas"),
            I32(5, "unavailableReplicas"), Msg(6, "conditions", "apps.DeploymentCondition").List, I32(7, "readyReplicas"),
            I32(8, "collisionCount").Keep, I32(9, "terminatingReplicas").Keep);
        Add("apps.DeploymentCondition",
            S(1, "type").Keep, S(2, "status").Keep, S(4, "reason"), S(5, "message"), Time(6, "lastUpdateTime"),
            Time(7, "lastTransitionTime"));

        // k8s.io/api/batch/v1
        Add("batch.Job",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "batch.JobSpec"), Msg(3, "status", "batch.JobStatus"));
        Add("batch.JobSpec",
            I32(1, "parallelism").Keep, I32(2, "completions").Keep, I64(3, "activeDeadlineSeconds").Keep,
            Msg(4, "selector", "meta.LabelSelector"), Bool(5, "manualSelector").Keep, Msg(6, "template", "core.PodTemplateSpec"),
            I32(7, "backoffLimit").Keep, I32(8, "ttlSecondsAfterFinished").Keep, S(9, "completionMode").Keep,
            Bool(10, "suspend").Keep, I32(12, "backoffLimitPerIndex").Keep, I32(13, "maxFailedIndexes").Keep,
            S(14, "podReplacementPolicy").Keep, S(15, "managedBy").Keep);
        Add("batch.JobStatus",
            Msg(1, "conditions", "batch.JobCondition").List, Time(2, "startTime"), Time(3, "completionTime"), I32(4, "active"),
            I32(5, "succeeded"), I32(6, "failed"), S(7, "completedIndexes"),
            Msg(8, "uncountedTerminatedPods", "batch.UncountedTerminatedPods"), I32(9, "ready").Keep,
            S(10, "failedIndexes").Keep, I32(11, "terminating").Keep);
        Add("batch.JobCondition",
            S(1, "type").Keep, S(2, "status").Keep, Time(3, "lastProbeTime"), Time(4, "lastTransitionTime"), S(5, "reason"),
            S(6, "message"));
        Add("batch.UncountedTerminatedPods",
            S(1, "succeeded").List, S(2, "failed").List);
        Add("batch.CronJob",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "batch.CronJobSpec"), Msg(3, "status", "batch.CronJobStatus"));
        Add("batch.CronJobSpec",
            S(1, "schedule").Keep, I64(2, "startingDeadlineSeconds").Keep, S(3, "concurrencyPolicy"), Bool(4, "suspend").Keep,
            Msg(5, "jobTemplate", "batch.JobTemplateSpec"), I32(6, "successfulJobsHistoryLimit").Keep,
            I32(7, "failedJobsHistoryLimit").Keep, S(8, "timeZone").Keep);
        Add("batch.CronJobStatus",
            Msg(1, "active", "core.ObjectReference").List, Time(4, "lastScheduleTime"), Time(5, "lastSuccessfulTime"));
        Add("batch.JobTemplateSpec",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "batch.JobSpec"));

        // k8s.io/api/networking/v1
        Add("networking.Ingress",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "networking.IngressSpec"), Msg(3, "status", "networking.IngressStatus"));
        Add("networking.IngressSpec",
            Msg(1, "defaultBackend", "networking.IngressBackend"), Msg(2, "tls", "networking.IngressTLS").List,
            Msg(3, "rules", "networking.IngressRule").List, S(4, "ingressClassName").Keep);
        Add("networking.IngressBackend",
            Msg(3, "resource", "networking.TypedLocalObjectReference"), Msg(4, "service", "networking.IngressServiceBackend"));
        Add("networking.TypedLocalObjectReference",
            S(1, "apiGroup").Keep, S(2, "kind").Keep, S(3, "name").Keep);
        Add("networking.IngressServiceBackend",
            S(1, "name").Keep, Msg(2, "port", "networking.ServiceBackendPort"));
        Add("networking.ServiceBackendPort",
            S(1, "name"), I32(2, "number"));
        Add("networking.IngressTLS",
            S(1, "hosts").List, S(2, "secretName"));
        Add("networking.IngressRule",
            S(1, "host"), Inline(2, "networking.IngressRuleValue"));
        Add("networking.IngressRuleValue",
            Msg(1, "http", "networking.HTTPIngressRuleValue"));
        Add("networking.HTTPIngressRuleValue",
            Msg(1, "paths", "networking.HTTPIngressPath").List);
        Add("networking.HTTPIngressPath",
            S(1, "path"), Msg(2, "backend", "networking.IngressBackend"), S(3, "pathType").Keep);
        Add("networking.IngressStatus",
            Msg(1, "loadBalancer", "networking.IngressLoadBalancerStatus"));
        Add("networking.IngressLoadBalancerStatus",
            Msg(1, "ingress", "networking.IngressLoadBalancerIngress").List);
        Add("networking.IngressLoadBalancerIngress",
            S(1, "ip"), S(2, "hostname"), Msg(4, "ports", "networking.IngressPortStatus").List);
        Add("networking.IngressPortStatus",
            I32(1, "port").Keep, S(2, "protocol").Keep, S(3, "error").Keep);
        Add("networking.IngressClass",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "networking.IngressClassSpec"));
        Add("networking.IngressClassSpec",
            S(1, "controller"), Msg(2, "parameters", "networking.IngressClassParametersReference"));
        Add("networking.IngressClassParametersReference",
            S(1, "apiGroup").Keep, S(2, "kind").Keep, S(3, "name").Keep, S(4, "scope").Keep, S(5, "namespace").Keep);
        Add("networking.NetworkPolicy",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "networking.NetworkPolicySpec"));
        Add("networking.NetworkPolicySpec",
            Msg(1, "podSelector", "meta.LabelSelector"), Msg(2, "ingress", "networking.NetworkPolicyIngressRule").List,
            Msg(3, "egress", "networking.NetworkPolicyEgressRule").List, S(4, "policyTypes").List);
        Add("networking.NetworkPolicyIngressRule",
            Msg(1, "ports", "networking.NetworkPolicyPort").List, Msg(2, "from", "networking.NetworkPolicyPeer").List);
        Add("networking.NetworkPolicyEgressRule",
            Msg(1, "ports", "networking.NetworkPolicyPort").List, Msg(2, "to", "networking.NetworkPolicyPeer").List);
        Add("networking.NetworkPolicyPort",
            S(1, "protocol").Keep, IntStr(2, "port"), I32(3, "endPort").Keep);
        Add("networking.NetworkPolicyPeer",
            Msg(1, "podSelector", "meta.LabelSelector"), Msg(2, "namespaceSelector", "meta.LabelSelector"), Msg(3, "ipBlock", "networking.IPBlock"));
        Add("networking.IPBlock",
            S(1, "cidr"), S(2, "except").List);

        // k8s.io/api/policy/v1
        Add("policy.Eviction",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "deleteOptions", "meta.DeleteOptions"));
        Add("policy.PodDisruptionBudget",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "policy.PodDisruptionBudgetSpec"),
            Msg(3, "status", "policy.PodDisruptionBudgetStatus"));
        Add("policy.PodDisruptionBudgetSpec",
            IntStr(1, "minAvailable"), Msg(2, "selector", "meta.LabelSelector"), IntStr(3, "maxUnavailable"),
            S(4, "unhealthyPodEvictionPolicy").Keep);
        Add("policy.PodDisruptionBudgetStatus",
            I64(1, "observedGeneration"), Map(2, "disruptedPods", ProtoKind.Time), I32(3, "disruptionsAllowed").Keep,
            I32(4, "currentHealthy").Keep, I32(5, "desiredHealthy").Keep, I32(6, "expectedPods").Keep,
            Msg(7, "conditions", "meta.Condition").List);

        // k8s.io/api/authentication/v1 (kubectl create token)
        Add("authentication.TokenRequest",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "authentication.TokenRequestSpec"),
            Msg(3, "status", "authentication.TokenRequestStatus"));
        Add("authentication.TokenRequestSpec",
            S(1, "audiences").List, Msg(3, "boundObjectRef", "authentication.BoundObjectReference"),
            I64(4, "expirationSeconds").Keep);
        Add("authentication.BoundObjectReference",
            S(1, "kind"), S(2, "apiVersion"), S(3, "name"), S(4, "uid"));
        Add("authentication.TokenRequestStatus",
            S(1, "token").Keep, Time(2, "expirationTimestamp"));
        // The review kinds kubectl auth can-i / whoami send (their status is ours to fill in).
        Add("authentication.TokenReview",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "authentication.TokenReviewSpec"));
        Add("authentication.TokenReviewSpec",
            S(1, "token"), S(2, "audiences").List);
        Add("authentication.SelfSubjectReview",
            Msg(1, "metadata", "meta.ObjectMeta"));

        // k8s.io/api/rbac/v1
        Add("rbac.Role",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "rules", "rbac.PolicyRule").List);
        Add("rbac.ClusterRole",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "rules", "rbac.PolicyRule").List, Msg(3, "aggregationRule", "rbac.AggregationRule"));
        Add("rbac.AggregationRule",
            Msg(1, "clusterRoleSelectors", "meta.LabelSelector").List);
        Add("rbac.PolicyRule",
            S(1, "verbs").List, S(2, "apiGroups").List, S(3, "resources").List, S(4, "resourceNames").List, S(5, "nonResourceURLs").List);
        Add("rbac.RoleBinding",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "subjects", "rbac.Subject").List, Msg(3, "roleRef", "rbac.RoleRef"));
        Add("rbac.Subject",
            S(1, "kind").Keep, S(2, "apiGroup"), S(3, "name").Keep, S(4, "namespace"));
        Add("rbac.RoleRef",
            S(1, "apiGroup").Keep, S(2, "kind").Keep, S(3, "name").Keep);

        // k8s.io/api/authorization/v1
        Add("authorization.SelfSubjectAccessReview",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "authorization.SelfSubjectAccessReviewSpec"));
        Add("authorization.SelfSubjectAccessReviewSpec",
            Msg(1, "resourceAttributes", "authorization.ResourceAttributes"), Msg(2, "nonResourceAttributes", "authorization.NonResourceAttributes"));
        Add("authorization.SubjectAccessReview",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "authorization.SubjectAccessReviewSpec"));
        Add("authorization.SubjectAccessReviewSpec",
            Msg(1, "resourceAttributes", "authorization.ResourceAttributes"), Msg(2, "nonResourceAttributes", "authorization.NonResourceAttributes"),
            S(3, "user"), S(4, "groups").List, S(6, "uid"));
        Add("authorization.ResourceAttributes",
            S(1, "namespace"), S(2, "verb"), S(3, "group"), S(4, "version"), S(5, "resource"), S(6, "subresource"), S(7, "name"));
        Add("authorization.NonResourceAttributes",
            S(1, "path"), S(2, "verb"));
        Add("authorization.SelfSubjectRulesReview",
            Msg(1, "metadata", "meta.ObjectMeta"), Msg(2, "spec", "authorization.SelfSubjectRulesReviewSpec"));
        Add("authorization.SelfSubjectRulesReviewSpec",
            S(1, "namespace"));

        Validate();
    }

    public static IReadOnlyDictionary<string, ProtoMessage> Messages => MessageTable;

    public static IEnumerable<(string ApiVersion, string Kind)> RootKinds => RootTable.Keys;

    /// <summary>The message for an envelope's type, or null when we have no schema for it.</summary>
    public static ProtoMessage? FindRoot(string apiVersion, string kind)
    {
        if (RootTable.TryGetValue((apiVersion, kind), out var name))
        {
            return MessageTable[name];
        }

        // meta/v1 option kinds are registered in every group version, so the envelope may carry any apiVersion.
        return kind == "DeleteOptions" ? MessageTable["meta.DeleteOptions"] : null;
    }

    /// <summary>A typo in the table should fail loudly at first use, not silently drop fields.</summary>
    private static void Validate()
    {
        foreach (var message in MessageTable.Values)
        {
            foreach (var field in message.Fields.Values)
            {
                var needsType = field.Kind == ProtoKind.Message;
                if (needsType != (field.MessageType is not null)
                    || (needsType && !MessageTable.ContainsKey(field.MessageType!))
                    || (field.Shape == ProtoShape.Inline && field.Kind != ProtoKind.Message))
                {
                    throw new InvalidOperationException($"bad protobuf schema entry {message.Name}.{field.JsonName}");
                }
            }
        }

        foreach (var root in RootTable.Values)
        {
            if (!MessageTable.ContainsKey(root))
            {
                throw new InvalidOperationException($"protobuf root {root} has no schema");
            }
        }
    }

    private static void Add(string name, params ProtoField[] fields) => MessageTable.Add(name, new ProtoMessage(name, fields));

    // Scalars default to dropping zeros (non-pointer omitempty in Go); append .Keep for pointers and required fields.
    private static ProtoField S(int n, string json) => Scalar(n, json, ProtoKind.String);

    private static ProtoField I32(int n, string json) => Scalar(n, json, ProtoKind.Int32);

    private static ProtoField I64(int n, string json) => Scalar(n, json, ProtoKind.Int64);

    private static ProtoField Bool(int n, string json) => Scalar(n, json, ProtoKind.Bool);

    private static ProtoField Scalar(int n, string json, ProtoKind kind) => new(n, json, kind) { OmitZero = true };

    private static ProtoField Msg(int n, string json, string type) => new(n, json, ProtoKind.Message, type);

    private static ProtoField Inline(int n, string type) => new(n, "", ProtoKind.Message, type) { Shape = ProtoShape.Inline };

    private static ProtoField Time(int n, string json) => new(n, json, ProtoKind.Time);

    private static ProtoField MicroTime(int n, string json) => new(n, json, ProtoKind.MicroTime);

    private static ProtoField Quantity(int n, string json) => new(n, json, ProtoKind.Quantity);

    private static ProtoField IntStr(int n, string json) => new(n, json, ProtoKind.IntOrString);

    private static ProtoField FieldsV1(int n, string json) => new(n, json, ProtoKind.FieldsV1);

    private static ProtoField MapS(int n, string json) => Map(n, json, ProtoKind.String);

    private static ProtoField MapBytes(int n, string json) => Map(n, json, ProtoKind.Bytes);

    private static ProtoField MapQuantity(int n, string json) => Map(n, json, ProtoKind.Quantity);

    private static ProtoField Map(int n, string json, ProtoKind valueKind) => new(n, json, valueKind) { Shape = ProtoShape.Map };
}
