using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Admission;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains.Admission;

/// <summary>
/// The verdict of the validating plugins: a refusal (null when admitted), warnings for the client and annotations
/// for the request's audit event (Pod Security's enforce-policy and audit-violations).
/// </summary>
public sealed record AdmissionOutcome(ApiResult? Rejection, IReadOnlyList<string> Warnings, Dictionary<string, string>? AuditAnnotations = null)
{
    public static readonly AdmissionOutcome Admitted = new(null, []);
}

/// <summary>
/// kube-apiserver's admission plugins, run by every resource grain on create and update, so writes from
/// the API and from controllers alike pass them (NamespaceLifecycle stays in the grain itself).
/// Mutating: LimitRanger's defaults, a ResourceQuota's own status. Validating: the hostNetwork refusal, PodSecurity, LimitRanger's
/// min/max, ResourceQuota. After a write or a removal, the namespace's quotas get their used totals again.
/// </summary>
public sealed class AdmissionChain(IResourceStore store, IGrainFactory grains)
{
    // The LimitRanges a pod create's mutation read, for its validation a moment later: one list, not two.
    private (string Namespace, List<JsonObject> Ranges)? createRanges;

    /// <summary>Mutating plugins; they run after defaulting and before validation, as in kube.</summary>
    public async Task MutateAsync(ResourceKind kind, JsonObject obj, JsonObject? old, string ns)
    {
        if (kind == ResourceKinds.Pod && old is null)
        {
            var ranges = await ListAsync(ResourceKinds.LimitRange, ns);
            createRanges = (ns, ranges);
            LimitRanges.ApplyDefaults(obj, ranges);
        }
        else if (kind == ResourceKinds.ResourceQuota && (old is null || !JsonNode.DeepEquals(old["spec"], obj["spec"])))
            obj["status"] = await QuotaStatusAsync(obj, ns);
    }

    /// <summary>Validating plugins, in kube's order: PodSecurity, LimitRanger, ResourceQuota.</summary>
    public async Task<AdmissionOutcome> ValidateAsync(ResourceKind kind, JsonObject obj, JsonObject? old, string ns, string name)
    {
        var warnings = new List<string>();
        var audit = new Dictionary<string, string>(StringComparer.Ordinal);
        AdmissionOutcome Outcome(ApiResult? rejection) => new(rejection, warnings, audit.Count > 0 ? audit : null);
        if ((old is null || !JsonNode.DeepEquals(PodTemplates.SpecOf(kind, old), PodTemplates.SpecOf(kind, obj)))
            && HostNetworkRefusal.Check(kind, obj) is { } hostNetwork)
            return Outcome(new ApiResult(422, StatusErrors.Invalid(kind, name, [hostNetwork])));
        if (await PodSecurityAsync(kind, obj, old, ns, name, warnings, audit) is { } refused)
            return Outcome(refused);
        if (kind == ResourceKinds.Pod && old is null
            && LimitRanges.Violations(obj, await CreateRangesAsync(ns)) is { Count: > 0 } breaches)
            return Outcome(Forbidden(kind, name, LimitRanges.Aggregate(breaches)));
        if (old is null && ResourceQuotas.MayCount(kind) && await QuotaRefusalAsync(kind, obj, ns) is { } overQuota)
            return Outcome(Forbidden(kind, name, overQuota));
        return Outcome(null);
    }

    /// <summary>After a write or removal that may change what objects of <paramref name="kind"/> use: quota status again.</summary>
    public async Task UsageChangedAsync(ResourceKind kind, string ns)
    {
        if (!ResourceQuotas.MayCount(kind) || kind == ResourceKinds.ResourceQuota)
            return;
        foreach (var quota in await ListAsync(ResourceKinds.ResourceQuota, ns))
        {
            if (!ResourceQuotas.Covers(quota, kind))
                continue;
            var status = await QuotaStatusAsync(quota, ns);
            if (JsonNode.DeepEquals(status, quota["status"]))
                continue;
            var next = (JsonObject)quota.DeepClone();
            next["status"] = status;
            // A lost race (409) is fine: the writer that won refreshes the totals after its own write.
            await grains.For(ResourceKinds.ResourceQuota, ns, quota.Name()!).ReplaceStatus(KubeJson.Write(next), WriteOptions.Default);
        }
    }

    private async Task<ApiResult?> PodSecurityAsync(ResourceKind kind, JsonObject obj, JsonObject? old, string ns, string name, List<string> warnings,
        Dictionary<string, string> audit)
    {
        var isPod = kind == ResourceKinds.Pod;
        if (PodTemplates.SpecOf(kind, obj) is not { } spec)
            return null;
        // Only a new pod or a changed template is evaluated (kube exempts updates that cannot change the verdict).
        if (old is not null && (isPod || JsonNode.DeepEquals(PodTemplates.SpecOf(kind, old), spec)))
            return null;
        var nsResult = await grains.For(ResourceKinds.Namespace, null, ns).Get();
        if (!nsResult.IsSuccess)
            return null;
        var labels = KubeJson.ParseObject(nsResult.Body).Labels();
        var enforce = PodSecurityLabels.For(labels, PodSecurityLabels.Enforce);
        var warn = PodSecurityLabels.For(labels, PodSecurityLabels.Warn);
        var audited = PodSecurityLabels.For(labels, PodSecurityLabels.Audit);
        // As kube's PodSecurity plugin: the policy enforced, and what the audit level would refuse, on the audit event.
        audit[PodSecurityLabels.Prefix + "enforce-policy"] = enforce.ToString();
        if (PodSecurityPolicy.Evaluate(audited.Level, spec) is { Count: > 0 } auditViolations)
            audit[PodSecurityLabels.Prefix + "audit-violations"] = $"would violate PodSecurity \"{audited}\": {PodSecurityPolicy.Describe(auditViolations)}";
        var enforced = PodSecurityPolicy.Evaluate(enforce.Level, spec);
        if (enforced.Count > 0)
        {
            // Pods are refused; a workload is admitted with a warning, as its pods will be refused.
            if (isPod)
                return Forbidden(kind, name, $"violates PodSecurity \"{enforce}\": {PodSecurityPolicy.Describe(enforced)}");
            warnings.Add($"would violate PodSecurity \"{enforce}\": {PodSecurityPolicy.Describe(enforced)}");
        }
        if (warn != enforce)
        {
            var warned = PodSecurityPolicy.Evaluate(warn.Level, spec);
            var text = $"would violate PodSecurity \"{warn}\": {PodSecurityPolicy.Describe(warned)}";
            if (warned.Count > 0 && !warnings.Contains(text))
                warnings.Add(text);
        }
        return null;
    }

    private async Task<string?> QuotaRefusalAsync(ResourceKind kind, JsonObject obj, string ns)
    {
        var quotas = (await ListAsync(ResourceKinds.ResourceQuota, ns)).Where(q => ResourceQuotas.Covers(q, kind)).ToList();
        if (quotas.Count == 0)
            return null;
        var existing = await ListAsync(kind, ns);
        foreach (var quota in quotas.OrderBy(q => q.Name(), StringComparer.Ordinal))
        {
            if (kind == ResourceKinds.Pod && ResourceQuotas.MissingCompute(quota, obj) is { } missing)
                return missing;
            if (ResourceQuotas.Exceeded(quota, kind, existing, obj) is { } exceeded)
                return exceeded;
        }
        return null;
    }

    private async Task<JsonObject> QuotaStatusAsync(JsonObject quota, string ns)
    {
        var byKind = new Dictionary<ResourceKind, List<JsonObject>>();
        foreach (var resource in ObjectMeta.StringMap(quota["spec"]?["hard"]).Keys)
            if (ResourceQuotas.KindOf(resource) is { } kind && !byKind.ContainsKey(kind))
                byKind[kind] = await ListAsync(kind, ns);
        return ResourceQuotas.Status(quota, kind => byKind.TryGetValue(kind, out var objects) ? objects : []);
    }

    private async Task<List<JsonObject>> CreateRangesAsync(string ns)
    {
        var memo = createRanges;
        createRanges = null;
        return memo is { } m && m.Namespace == ns ? m.Ranges : await ListAsync(ResourceKinds.LimitRange, ns);
    }

    private async Task<List<JsonObject>> ListAsync(ResourceKind kind, string ns)
    {
        var (items, _) = await store.ListAsync(kind.GroupResource, ns);
        return items.Select(i => KubeJson.WithResourceVersion(i.Body, i.Revision)).ToList();
    }

    private static ApiResult Forbidden(ResourceKind kind, string name, string why) =>
        new(403, StatusErrors.Forbidden(kind, name, why));
}
