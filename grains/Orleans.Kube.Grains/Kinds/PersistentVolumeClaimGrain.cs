using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// A PersistentVolumeClaim and kube's binder for it: an unclassed claim (or one of the default class, given at
/// creation as the DefaultStorageClass admission does) binds the smallest fitting static PersistentVolume
/// (<see cref="VolumeMatching"/>); a claim of the local-path class waits for its first consumer (the scheduler
/// writes the node it chose into `volume.kubernetes.io/selected-node`), then the node's agent makes a directory and
/// the claim binds a new PersistentVolume pinned to that node. A claim nothing can satisfy stays Pending with an
/// event. The `kubernetes.io/pvc-protection` finalizer keeps a claim a pod still uses until that pod is gone.
/// </summary>
public sealed class PersistentVolumeClaimGrain(IResourceStore store, ILogger<PersistentVolumeClaimGrain> logger)
    : ReconcilingGrain(ResourceKinds.PersistentVolumeClaim, store, logger), IPersistentVolumeClaimGrain
{
    private const string BinderComponent = "persistentvolume-controller";
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(15); // kube's binder resync period
    private string? lastEvent;

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    /// <summary>DefaultStorageClass admission: a claim created without a class gets the default one (an explicit "" stays unclassed).</summary>
    protected override async Task<ApiResult?> AdmitAsync(JsonObject obj, JsonObject? old, bool dryRun)
    {
        if (old is null && obj["spec"] is JsonObject spec && spec["storageClassName"] is null
            && await DefaultClassAsync() is { } defaultClass)
            spec["storageClassName"] = defaultClass;
        return null;
    }

    private async Task<string?> DefaultClassAsync() =>
        (await Store.ListAsync(ResourceKinds.StorageClass.GroupResource, null)).Items
            .Select(s => KubeJson.ParseObject(s.Body))
            .Where(c => c.Annotations().GetValueOrDefault(VolumeNames.DefaultClass) == "true")
            .OrderByDescending(c => c["metadata"].GetString("creationTimestamp"))
            .Select(c => c.Name()).FirstOrDefault();

    protected override bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) =>
        obj.Finalizers().Contains(VolumeNames.ClaimProtection);

    /// <summary>kube's pvc-protection controller: the finalizer goes once no pod that is not finished mounts the claim.</summary>
    protected override async Task<bool> CleanupBeforeRemovalAsync(JsonObject obj)
    {
        var (pods, _) = await Store.ListAsync(ResourceKinds.Pod.GroupResource, ObjectNamespace);
        if (pods.Select(p => KubeJson.ParseObject(p.Body)).Any(p => !PodGrain.IsTerminal(p) && PodVolumes.Claims(p).Contains(ObjectName)))
            return false;
        var next = (JsonObject)obj.DeepClone();
        next.SetFinalizers(obj.Finalizers().Where(f => f != VolumeNames.ClaimProtection));
        await WriteAsync(next);
        return true;
    }

    protected override async Task OnRemovedAsync(JsonObject last)
    {
        if (last["spec"].GetString("volumeName") is { Length: > 0 } volume)
            await ((IOwnerGrain)GrainFactory.For(ResourceKinds.PersistentVolume, null, volume)).ChildChanged();
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject claim)
    {
        if (!claim.Finalizers().Contains(VolumeNames.ClaimProtection))
        {
            var protectedClaim = (JsonObject)claim.DeepClone();
            protectedClaim.SetFinalizers([.. claim.Finalizers(), VolumeNames.ClaimProtection]);
            await WriteAsync(protectedClaim);
            return TimeSpan.Zero;
        }
        if (claim["spec"].GetString("volumeName") is { Length: > 0 } volumeName)
            return await SyncBoundAsync(claim, volumeName);

        var volumes = (await Store.ListAsync(ResourceKinds.PersistentVolume.GroupResource, null)).Items.Select(v => KubeJson.ParseObject(v.Body)).ToList();
        var className = claim["spec"].GetString("storageClassName") ?? "";
        var storageClass = className.Length == 0 ? null : await ReadAsync(ResourceKinds.StorageClass, null, className);
        var waitsForConsumer = storageClass?.GetString("volumeBindingMode") == "WaitForFirstConsumer";
        var selectedNode = claim.Annotations().GetValueOrDefault(VolumeNames.SelectedNode);
        if (VolumeMatching.Best(claim, waitsForConsumer ? volumes.Where(v => FitsNode(v, selectedNode)) : volumes) is { } match
            && (!waitsForConsumer || selectedNode is not null || match["spec"]?["claimRef"] is not null))
            return await BindAsync(claim, match);

        if (className.Length == 0)
            return await PendingAsync(claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
        if (storageClass is null)
            return await PendingAsync(claim, "Warning", "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found");
        var provisioner = storageClass.GetString("provisioner");
        if (provisioner != VolumeNames.LocalPathProvisioner)
            return await PendingAsync(claim, "Normal", "ExternalProvisioning",
                $"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
        if (selectedNode is null)
            return waitsForConsumer
                ? await PendingAsync(claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
                : await PendingAsync(claim, "Warning", "ProvisioningFailed", "configuration error, no node was specified");
        return await ProvisionAsync(claim, storageClass, selectedNode);
    }

    /// <summary>A static volume for a WaitForFirstConsumer claim must be reachable from the node the scheduler chose.</summary>
    private static bool FitsNode(JsonObject volume, string? node)
    {
        if (node is null || volume["spec"]?["nodeAffinity"]?["required"] is not JsonObject required)
            return true;
        return (required["nodeSelectorTerms"] as JsonArray)?.OfType<JsonObject>().Any(term =>
            (term["matchExpressions"] as JsonArray)?.OfType<JsonObject>().All(e =>
                e.GetString("key") == VolumeNames.HostnameLabel && e.GetString("operator") == "In"
                && (e["values"] as JsonArray)?.Any(v => v?.GetValue<string>() == node) == true) == true) == true;
    }

    /// <summary>The local-path provisioner: a directory on the chosen node, a PersistentVolume pinned there, pre-bound to this claim.</summary>
    private async Task<TimeSpan?> ProvisionAsync(JsonObject claim, JsonObject storageClass, string node)
    {
        var volumeName = $"pvc-{claim.Uid()}";
        await PendingAsync(claim, "Normal", "Provisioning", $"External provisioner is provisioning volume for claim \"{ObjectNamespace}/{ObjectName}\"");
        var path = await GrainFactory.GetGrain<INodeAgentGrain>(node).ProvisionVolume(volumeName);
        var spec = claim["spec"] as JsonObject;
        var volume = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject
            {
                ["name"] = volumeName,
                ["annotations"] = new JsonObject { [VolumeNames.ProvisionedBy] = VolumeNames.LocalPathProvisioner },
            },
            ["spec"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = spec?["resources"]?["requests"]?["storage"]?.DeepClone() },
                ["accessModes"] = spec?["accessModes"]?.DeepClone(),
                ["persistentVolumeReclaimPolicy"] = storageClass.GetString("reclaimPolicy") ?? "Delete",
                ["storageClassName"] = storageClass.Name(),
                ["volumeMode"] = spec.GetString("volumeMode") ?? "Filesystem",
                ["hostPath"] = new JsonObject { ["path"] = path, ["type"] = "DirectoryOrCreate" },
                ["claimRef"] = ClaimRef(claim),
                ["nodeAffinity"] = new JsonObject
                {
                    ["required"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject
                            {
                                ["key"] = VolumeNames.HostnameLabel, ["operator"] = "In", ["values"] = new JsonArray(node),
                            }),
                        }),
                    },
                },
            },
        };
        var created = await GrainFactory.For(ResourceKinds.PersistentVolume, null, volumeName).Create(KubeJson.Write(volume), WriteOptions.Default);
        if (!created.IsSuccess && created.Code != 409)
            throw new InvalidOperationException($"creating PersistentVolume {volumeName}: {created.Body}");
        await EventRecorder.RecordAsync(GrainFactory, claim, "Normal", "ProvisioningSucceeded",
            $"Successfully provisioned volume {volumeName}", $"{VolumeNames.LocalPathProvisioner}_{node}");
        var pv = await ReadAsync(ResourceKinds.PersistentVolume, null, volumeName)
            ?? throw new InvalidOperationException($"PersistentVolume {volumeName} vanished");
        return await BindAsync(claim, pv);
    }

    /// <summary>Binds volume then claim (kube's order: a crash in between leaves a pre-bound volume this claim finds again).</summary>
    private async Task<TimeSpan?> BindAsync(JsonObject claim, JsonObject volume)
    {
        if (volume["spec"]?["claimRef"] is null)
        {
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [VolumeNames.BoundByController] = "yes" } },
                ["spec"] = new JsonObject { ["claimRef"] = ClaimRef(claim) },
            };
            var bound = await GrainFactory.For(ResourceKinds.PersistentVolume, null, volume.Name()!)
                .Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(patch)), WriteOptions.Default);
            if (!bound.IsSuccess)
                return TimeSpan.FromSeconds(1);
            volume = KubeJson.ParseObject(bound.Body);
        }
        var next = (JsonObject)claim.DeepClone();
        next["spec"]!["volumeName"] = volume.Name();
        var annotations = next.Metadata()["annotations"] as JsonObject ?? new JsonObject();
        next.Metadata()["annotations"] = annotations;
        annotations[VolumeNames.BindCompleted] = "yes";
        annotations[VolumeNames.BoundByController] = "yes";
        if (volume.Annotations().GetValueOrDefault(VolumeNames.ProvisionedBy) is { } provisioner)
            annotations[VolumeNames.StorageProvisioner] = provisioner;
        SetBoundStatus(next, volume);
        await WriteAsync(next);
        await ((IOwnerGrain)GrainFactory.For(ResourceKinds.PersistentVolume, null, volume.Name()!)).ChildChanged();
        return null;
    }

    /// <summary>A bound claim mirrors its volume's capacity and access modes; its volume gone, it is Lost.</summary>
    private async Task<TimeSpan?> SyncBoundAsync(JsonObject claim, string volumeName)
    {
        var volume = await ReadAsync(ResourceKinds.PersistentVolume, null, volumeName);
        var next = (JsonObject)claim.DeepClone();
        if (volume is null)
        {
            next["status"] = new JsonObject { ["phase"] = "Lost" };
            if (claim["status"].GetString("phase") != "Lost")
                await EventRecorder.RecordAsync(GrainFactory, claim, "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!", BinderComponent);
        }
        else
            SetBoundStatus(next, volume);
        if (!JsonNode.DeepEquals(next["status"], claim["status"]))
            await WriteAsync(next);
        return null;
    }

    private static void SetBoundStatus(JsonObject claim, JsonObject volume) =>
        claim["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = volume["spec"]?["accessModes"]?.DeepClone(),
            ["capacity"] = volume["spec"]?["capacity"]?.DeepClone(),
        };

    /// <summary>Stays Pending; the event is recorded once per distinct reason, and the binder looks again on its resync.</summary>
    private async Task<TimeSpan?> PendingAsync(JsonObject claim, string type, string reason, string message)
    {
        if (lastEvent != reason + message)
        {
            lastEvent = reason + message;
            await EventRecorder.RecordAsync(GrainFactory, claim, type, reason, message, BinderComponent);
        }
        return Resync;
    }

    private static JsonObject ClaimRef(JsonObject claim) => new()
    {
        ["kind"] = "PersistentVolumeClaim",
        ["namespace"] = claim.Namespace(),
        ["name"] = claim.Name(),
        ["uid"] = claim.Uid(),
        ["apiVersion"] = "v1",
        ["resourceVersion"] = claim.ResourceVersion(),
    };

    private async Task<JsonObject?> ReadAsync(ResourceKind kind, string? ns, string name)
    {
        var result = await GrainFactory.For(kind, ns, name).Get();
        return result.IsSuccess ? KubeJson.ParseObject(result.Body) : null;
    }
}
