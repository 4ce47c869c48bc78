using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// A PersistentVolume and the volume half of kube's binder: its phase follows its claimRef (none: Available; the
/// claim exists: Bound; the claim is gone: Released), and a Released volume is reclaimed by its policy (Retain: kept
/// for the administrator; Delete: a provisioned directory is removed by its node's agent, then the volume goes). The
/// `kubernetes.io/pv-protection` finalizer keeps a Bound volume until its claim lets go.
/// </summary>
public sealed class PersistentVolumeGrain(IResourceStore store, ILogger<PersistentVolumeGrain> logger)
    : ReconcilingGrain(ResourceKinds.PersistentVolume, store, logger), IPersistentVolumeGrain
{
    private const string Component = "persistentvolume-controller";

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) =>
        obj.Finalizers().Contains(VolumeNames.VolumeProtection);

    /// <summary>kube's pv-protection controller: the finalizer goes once no claim holds the volume.</summary>
    protected override async Task<bool> CleanupBeforeRemovalAsync(JsonObject obj)
    {
        if (await PhaseAsync(obj) == "Bound")
            return false;
        var next = (JsonObject)obj.DeepClone();
        next.SetFinalizers(obj.Finalizers().Where(f => f != VolumeNames.VolumeProtection));
        await WriteAsync(next);
        return true;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject volume)
    {
        var next = (JsonObject)volume.DeepClone();
        if (!volume.Finalizers().Contains(VolumeNames.VolumeProtection))
            next.SetFinalizers([.. volume.Finalizers(), VolumeNames.VolumeProtection]);
        var phase = await PhaseAsync(volume);
        var status = next["status"] as JsonObject ?? new JsonObject();
        next["status"] = status;
        if (status.GetString("phase") != phase)
        {
            status["phase"] = phase;
            status["lastPhaseTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!JsonNode.DeepEquals(next, volume))
            await WriteAsync(next);
        if (phase == "Released" && volume["spec"].GetString("persistentVolumeReclaimPolicy") == "Delete")
            await ReclaimAsync(volume);
        // A claim being bound to this volume may not exist in the store yet when a pre-bound volume is created.
        return phase == "Pending" ? TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>Available without a claimRef; Bound while the claim it names (same uid) exists; Released after.</summary>
    private async Task<string> PhaseAsync(JsonObject volume)
    {
        if (volume["spec"]?["claimRef"] is not JsonObject claimRef)
            return "Available";
        var result = await GrainFactory.For(ResourceKinds.PersistentVolumeClaim, claimRef.GetString("namespace"), claimRef.GetString("name")!).Get();
        if (result.IsSuccess && VolumeMatching.IsFor(claimRef, KubeJson.ParseObject(result.Body)))
            return "Bound";
        return claimRef.GetString("uid") is { Length: > 0 } ? "Released" : "Available";
    }

    /// <summary>reclaimPolicy Delete: the provisioner's directory on its node first, then the volume object.</summary>
    private async Task ReclaimAsync(JsonObject volume)
    {
        if (volume.Annotations().GetValueOrDefault(VolumeNames.ProvisionedBy) == VolumeNames.LocalPathProvisioner
            && volume["spec"]?["hostPath"].GetString("path") is { } path && NodeOf(volume) is { } node)
            await GrainFactory.GetGrain<INodeAgentGrain>(node).DeleteVolume(path);
        var deleted = await ((IResourceGrain)this).Delete(DeleteRequest.Default);
        if (!deleted.IsSuccess && deleted.Code != 404)
            await EventRecorder.RecordAsync(GrainFactory, volume, "Warning", "VolumeFailedDelete", deleted.Body, Component);
    }

    /// <summary>The node a local-path volume lives on, from the hostname term the provisioner wrote.</summary>
    private static string? NodeOf(JsonObject volume) =>
        (volume["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"] as JsonArray)?.OfType<JsonObject>()
            .SelectMany(t => (t["matchExpressions"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(e => e.GetString("key") == VolumeNames.HostnameLabel)
            .Select(e => (e["values"] as JsonArray)?.FirstOrDefault()?.GetValue<string>()).FirstOrDefault();
}
