using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Admission;
using Orleans.Kube.Model;
using Orleans.Kube.Model.FieldManagement;
using Orleans.Kube.Model.Patching;
using Orleans.Kube.Model.Validation;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// The shared single-writer logic of every API object: create, replace, patch, status, delete with
/// finalizers and owner cascades. The object itself lives in the resource store; this grain keeps
/// the latest revision in memory and is the only one that writes it.
/// </summary>
public abstract partial class ResourceGrain : Grain, IResourceGrain, IRemindable
{
    private const string ForegroundFinalizer = "foregroundDeletion";
    private const string DeletionReminder = "finish-deletion";
    private IGrainTimer? deletionTimer;

    private readonly IResourceStore store;
    private readonly ILogger logger;
    private ResourceKind? kind;

    /// <summary>A grain of one kind (a controller's).</summary>
    protected ResourceGrain(ResourceKind kind, IResourceStore store, ILogger logger)
        : this(store, logger) => this.kind = kind;

    /// <summary>A grain whose kind its key names (the generic stored-object grain).</summary>
    protected ResourceGrain(IResourceStore store, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
    }

    protected ResourceKind Kind => kind ??= ResourceGrains.KindOfStoredKey(this.GetPrimaryKeyString());
    protected ILogger Logger => logger;
    protected IResourceStore Store => store;
    protected string ObjectNamespace { get; private set; } = "";
    protected string ObjectName { get; private set; } = "";

    /// <summary>The object at its latest revision (resourceVersion set), or null when it does not exist.</summary>
    protected JsonObject? Current { get; private set; }
    private long currentRevision;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (ObjectNamespace, ObjectName) = ResourceGrains.ParseKey(this.GetPrimaryKeyString());
        var stored = await store.GetAsync(Kind.GroupResource, ObjectNamespace, ObjectName, cancellationToken);
        if (stored is not null)
        {
            Current = KubeJson.WithResourceVersion(stored.Body, stored.Revision);
            currentRevision = stored.Revision;
            if (Current.DeletionTimestamp() is not null)
                StartDeletionLoop();
        }
    }

    Task<ApiResult> IResourceGrain.Get() =>
        Task.FromResult(Current is null ? NotFound() : Ok(Current));

    async Task<ApiResult> IResourceGrain.Create(string body, WriteOptions options)
    {
        if (Current is not null)
            return new ApiResult(409, StatusErrors.AlreadyExists(Kind, ObjectName));
        if (!TryCanonical(body, out var obj, out var error, options.StrictFields))
            return error;
        return await CreateAsync(obj, options);
    }

    async Task<ApiResult> IResourceGrain.Replace(string body, WriteOptions options)
    {
        if (Current is null)
            return NotFound();
        if (!TryCanonical(body, out var obj, out var error, options.StrictFields))
            return error;
        // A uid in the body is a precondition: it names the object the client means to replace.
        if (obj.Uid() is { Length: > 0 } uid && uid != Current.Uid())
            return new ApiResult(409, StatusErrors.Conflict(Kind, ObjectName, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Current.Uid()}"));
        return await UpdateAsync(obj, options, statusOnly: options.Subresource == "status");
    }

    Task<ApiResult> IResourceGrain.ReplaceStatus(string body, WriteOptions options) =>
        ((IResourceGrain)this).Replace(body, options with { Subresource = "status" });

    async Task<ApiResult> IResourceGrain.Patch(PatchRequest patch, WriteOptions options)
    {
        if (patch.Type == PatchTypes.Apply)
            return await ApplyAsync(patch, options);
        if (Current is null)
            return NotFound();

        // As kube: a patch that does not decode is a bad request (400); one that decodes but does
        // not apply, or applies to something that is not a valid object, is invalid (422).
        if (PatchDecodeError(patch) is { } undecodable)
            return new ApiResult(400, StatusErrors.BadRequest($"error decoding patch: {undecodable}"));
        JsonNode? patched;
        try
        {
            patched = PatchTypes.ApplyTo(Current.DeepClone(), patch.Type, JsonNode.Parse(patch.Body)!, Kind.Kind);
        }
        catch (Exception ex) when (ex is PatchException or JsonException or InvalidOperationException)
        {
            return InvalidPatch(ex.Message);
        }
        if (patched is null)
            return new ApiResult(415, StatusErrors.UnsupportedMediaType(patch.Type));
        if (patched is not JsonObject patchedObject)
            return InvalidPatch("the patched object is not a JSON object");
        if (Canonicalize(KubeJson.Write(patchedObject), options.StrictFields, out var obj) is { } undecoded)
            return InvalidPatch(undecoded);
        if (obj.Uid() is { Length: > 0 } uid && uid != Current.Uid())
            return new ApiResult(422, StatusErrors.Invalid(Kind, ObjectName, [new FieldError("FieldValueInvalid", "metadata.uid", $"Invalid value: \"{uid}\": field is immutable")]));
        return await UpdateAsync(obj, options, statusOnly: options.Subresource == "status");
    }

    /// <summary>Why a JSON, merge or strategic merge patch body does not decode, or null when it does.</summary>
    private static string? PatchDecodeError(PatchRequest patch)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(patch.Body);
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
        return patch.Type switch
        {
            PatchTypes.Json when node is not JsonArray operations || operations.Any(op => op is not JsonObject) => "a JSON patch must be a list of operation objects",
            PatchTypes.Merge or PatchTypes.StrategicMerge when node is not JsonObject => "a merge patch must be a JSON object",
            _ => null,
        };
    }

    private ApiResult InvalidPatch(string why) =>
        new(422, StatusErrors.Invalid(Kind, ObjectName, [new FieldError("FieldValueInvalid", "patch", $"Invalid value: {why}")]));

    async Task<ApiResult> IResourceGrain.Delete(DeleteRequest request)
    {
        if (Current is null)
            return NotFound();
        if (request.PreconditionUid is { } uid && uid != Current.Uid())
            return new ApiResult(409, StatusErrors.Conflict(Kind, ObjectName, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Current.Uid()}"));
        if (request.PreconditionResourceVersion is { } rv && rv != Current.ResourceVersion())
            return new ApiResult(409, StatusErrors.Conflict(Kind, ObjectName, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Current.ResourceVersion()}"));
        if (request.DryRun)
            return Ok(Current);

        var policy = request.PropagationPolicy ?? DefaultPropagation;
        if (policy == PropagationPolicies.Orphan)
            await OrphanDependentsAsync();

        var finalizers = Current.Finalizers();
        if (policy == PropagationPolicies.Foreground && !finalizers.Contains(ForegroundFinalizer))
            finalizers.Add(ForegroundFinalizer);
        if (finalizers.Count == 0 && !NeedsCleanupBeforeRemoval(Current, request.GracePeriodSeconds))
        {
            var last = Current;
            await RemoveAsync();
            return Ok(last);
        }

        // Deletion waits for finalizers: mark it, and finish it in the background.
        var marked = (JsonObject)Current.DeepClone();
        marked.Metadata()["deletionTimestamp"] ??= ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        marked.Metadata()["deletionGracePeriodSeconds"] ??= request.GracePeriodSeconds ?? DefaultGracePeriodSeconds(marked);
        marked.SetFinalizers(finalizers);
        OnDeletionMarked(marked);
        await PersistAsync(marked);
        StartDeletionLoop();
        return Ok(Current!);
    }

    /// <summary>What a DELETE without a propagationPolicy does; kube's default is Background.</summary>
    protected virtual string DefaultPropagation => PropagationPolicies.Background;

    /// <summary>True when the object must clean up (a namespace's contents, a pod's containers) before it disappears.</summary>
    protected virtual bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) => false;

    /// <summary>How long a deletion may wait for cleanup by default (pods: terminationGracePeriodSeconds).</summary>
    protected virtual long DefaultGracePeriodSeconds(JsonObject obj) => 0;

    /// <summary>Kind-specific cleanup; returns true once the object may be removed.</summary>
    protected virtual Task<bool> CleanupBeforeRemovalAsync(JsonObject obj) => Task.FromResult(true);

    /// <summary>Called on a copy of the object when its deletion starts (e.g. namespace phase Terminating).</summary>
    protected virtual void OnDeletionMarked(JsonObject obj) { }

    /// <summary>Kind-specific fields set on create (initial status, ...).</summary>
    protected virtual void OnCreating(JsonObject obj) { }

    /// <summary>Kind-specific admission (and allocation, unless <c>dryRun</c>): a non-null result rejects the write.</summary>
    protected virtual Task<ApiResult?> AdmitAsync(JsonObject obj, JsonObject? old, bool dryRun) => Task.FromResult<ApiResult?>(null);

    /// <summary>Runs once the object is gone from the store.</summary>
    protected virtual Task OnRemovedAsync(JsonObject last) => Task.CompletedTask;

    /// <summary>Runs after every successful write (controllers reconcile here).</summary>
    protected virtual Task OnWrittenAsync(JsonObject obj) => Task.CompletedTask;

    protected async Task<ApiResult> CreateAsync(JsonObject obj, WriteOptions options) => await CreateAsync(obj, options, applied: false);

    /// <summary>The field manager of internal writes (controllers' own objects and status); kube names its controllers so.</summary>
    protected virtual string InternalManager => "kube-controller-manager";

    /// <summary>Who an Update is recorded under: the request's fieldManager (or user-agent prefix), else this grain's controller.</summary>
    private string ManagerOf(WriteOptions options) => options.FieldManager ?? InternalManager;

    /// <summary>Creates the object; an apply (<paramref name="applied"/>) has recorded its ownership already.</summary>
    private async Task<ApiResult> CreateAsync(JsonObject obj, WriteOptions options, bool applied)
    {
        var meta = obj.Metadata();
        meta["name"] = ObjectName;
        if (Kind.Namespaced)
            meta["namespace"] = ObjectNamespace;
        else
            meta.Remove("namespace");
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        if (obj["spec"] is not null)
            meta["generation"] = 1;
        obj["apiVersion"] = Kind.ApiVersion;
        obj["kind"] = Kind.Kind;
        ObjectDefaults.Apply(Kind, obj);
        if (Kind.Namespaced)
            await Admission.MutateAsync(Kind, obj, null, ObjectNamespace);
        OnCreating(obj);

        if (Validate(obj) is { } invalid)
            return invalid;
        if (Kind.Namespaced && await NamespaceRefusal() is { } refused)
            return refused;
        var admission = Kind.Namespaced ? await Admission.ValidateAsync(Kind, obj, null, ObjectNamespace, ObjectName) : AdmissionOutcome.Admitted;
        if (admission.Rejection is { } forbidden)
            return Admitted(forbidden, admission);
        if (await AdmitAsync(obj, null, options.DryRun) is { } rejected)
            return rejected;
        if (!applied)
            ManagedFields.RecordUpdate(null, obj, ManagerOf(options), Kind, options.Subresource ?? "", DateTimeOffset.UtcNow);
        if (options.DryRun)
            return Admitted(new ApiResult(201, KubeJson.Write(obj)), admission);

        await PersistAsync(obj);
        await UsageChangedAsync();
        return Admitted(new ApiResult(201, KubeJson.Write(Current!)), admission);
    }

    /// <summary>kube's admission plugins (PodSecurity, LimitRanger, ResourceQuota) for this grain's writes.</summary>
    private AdmissionChain Admission => admissionChain ??= new AdmissionChain(store, GrainFactory);
    private AdmissionChain? admissionChain;

    /// <summary>Brings the namespace's quota totals up to date after a write that may change them; never fails the write.</summary>
    private async Task UsageChangedAsync()
    {
        if (!Kind.Namespaced)
            return;
        try
        {
            await Admission.UsageChangedAsync(Kind, ObjectNamespace);
        }
        catch (Exception ex)
        {
            LogQuotaRefreshFailed(logger, ex, ObjectNamespace);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the resource quotas of namespace {Namespace} failed")]
    private static partial void LogQuotaRefreshFailed(ILogger logger, Exception ex, string @namespace);

    /// <summary>Replace semantics shared by PUT, PATCH and status writes.</summary>
    protected async Task<ApiResult> UpdateAsync(JsonObject obj, WriteOptions options, bool statusOnly) =>
        await UpdateAsync(obj, options, statusOnly, applied: false);

    /// <summary>Replaces the object; an apply (<paramref name="applied"/>) has recorded its ownership already.</summary>
    private async Task<ApiResult> UpdateAsync(JsonObject obj, WriteOptions options, bool statusOnly, bool applied)
    {
        var old = Current!;
        if (obj.ResourceVersion() is { Length: > 0 } rv && rv != old.ResourceVersion())
            return new ApiResult(409, StatusErrors.Modified(Kind, ObjectName));
        if (obj.Name() is { } name && name != ObjectName)
            return new ApiResult(400, StatusErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({ObjectName})"));
        if (Kind.Namespaced && obj.Namespace() is { Length: > 0 } ns && ns != ObjectNamespace)
            return new ApiResult(400, StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));

        JsonObject next;
        if (statusOnly)
        {
            next = (JsonObject)old.DeepClone();
            next["status"] = obj["status"]?.DeepClone();
            if (applied)
                next.Metadata()["managedFields"] = obj["metadata"]?["managedFields"]?.DeepClone();
        }
        else
        {
            next = obj;
            // Identity, bookkeeping and (with a status subresource) status belong to the server.
            var meta = next.Metadata();
            var oldMeta = old.Metadata();
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace" })
            {
                if (oldMeta[field] is { } value) meta[field] = value.DeepClone();
                else meta.Remove(field);
            }
            meta["name"] = ObjectName;
            // Go's omitempty: an emptied list disappears, as on a real apiserver.
            foreach (var list in new[] { "ownerReferences", "finalizers" })
                if (meta[list] is JsonArray { Count: 0 })
                    meta.Remove(list);
            next["apiVersion"] = Kind.ApiVersion;
            next["kind"] = Kind.Kind;
            if (Kind.HasStatus)
                next["status"] = old["status"]?.DeepClone();
            ObjectDefaults.Apply(Kind, next);
            if (!JsonNode.DeepEquals(next["spec"], old["spec"]) && next["spec"] is not null)
                meta["generation"] = (old["metadata"]?["generation"]?.GetValue<long>() ?? 0) + 1;
        }

        if (Kind.Namespaced && !statusOnly)
            await Admission.MutateAsync(Kind, next, old, ObjectNamespace);
        if (Validate(next) is { } invalid)
            return invalid;
        var admission = Kind.Namespaced ? await Admission.ValidateAsync(Kind, next, old, ObjectNamespace, ObjectName) : AdmissionOutcome.Admitted;
        if (admission.Rejection is { } forbidden)
            return Admitted(forbidden, admission);
        if (await AdmitAsync(next, old, options.DryRun) is { } rejected)
            return rejected;
        if (!applied)
            ManagedFields.RecordUpdate(old, next, ManagerOf(options), Kind, statusOnly ? "status" : options.Subresource ?? "", DateTimeOffset.UtcNow);
        // A dry run answers with the live resourceVersion, so kubectl diff of an unchanged object is empty.
        next.Metadata()["resourceVersion"] = old.ResourceVersion();
        if (options.DryRun)
            return Admitted(Ok(next), admission);

        if (JsonNode.DeepEquals(next, old))
            return Ok(old); // a no-op write keeps its resourceVersion, as in kube

        // Removing the last finalizer of an object being deleted completes the deletion.
        if (next.DeletionTimestamp() is not null && next.Finalizers().Count == 0 && !NeedsCleanupBeforeRemoval(next, GracePeriodOf(next)))
        {
            await PersistAsync(next);
            var last = Current!;
            await RemoveAsync();
            return Ok(last);
        }

        await PersistAsync(next);
        // A pod that finished stops counting against its namespace's quotas.
        if (Kind == ResourceKinds.Pod && IsTerminalPhase(old) != IsTerminalPhase(next))
            await UsageChangedAsync();
        return Admitted(Ok(Current!), admission);
    }

    private static bool IsTerminalPhase(JsonObject obj) => obj["status"].GetString("phase") is "Succeeded" or "Failed";

    private async Task<ApiResult> ApplyAsync(PatchRequest patch, WriteOptions options)
    {
        JsonObject applied;
        try
        {
            applied = YamlJson.ToJsonObject(patch.Body);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or YamlDotNet.Core.YamlException)
        {
            return new ApiResult(400, StatusErrors.BadRequest($"error decoding YAML: {ex.Message}"));
        }
        if (applied.GetString("kind") != Kind.Kind || applied.GetString("apiVersion") != Kind.ApiVersion)
            return new ApiResult(400, StatusErrors.BadRequest($"apply patch must carry apiVersion {Kind.ApiVersion} and kind {Kind.Kind}"));
        var manager = options.FieldManager ?? "unknown";
        var appliedFields = FieldDiff.Applied(applied, Kind.Kind);
        if (Current is null)
        {
            if (!TryCanonical(KubeJson.Write(applied), out var created, out var error))
                return error;
            created.Metadata().Remove("managedFields");
            ManagedFields.RecordApply(created, new FieldDiff(), appliedFields, manager, Kind.ApiVersion, DateTimeOffset.UtcNow);
            return await CreateAsync(created, options, applied: true);
        }

        var merged = ServerSideApply.Merge(Current, applied, manager, Kind);
        merged.Metadata().Remove("resourceVersion");
        var diff = FieldDiff.Compare(Current, merged, Kind.Kind);
        var conflicts = patch.Force ? [] : ServerSideApply.WithoutLastAppliedConflicts(Current, ManagedFields.Conflicts(Current, diff, manager), manager, Kind);
        if (conflicts.Count > 0)
            return new ApiResult(409, StatusErrors.ApplyConflict(ServerSideApply.ConflictMessage(conflicts),
                conflicts.Select(c => (Message: $"conflict with {c.Manager}", Field: c.Path)).ToList()));
        if (!TryCanonical(KubeJson.Write(merged), out var obj, out var invalid))
            return invalid;
        ManagedFields.RecordApply(obj, diff, appliedFields, manager, Kind.ApiVersion, DateTimeOffset.UtcNow);
        ServerSideApply.RefreshLastApplied(obj, Current, applied, manager);
        return await UpdateAsync(obj, options, statusOnly: options.Subresource == "status", applied: true);
    }

    /// <summary>
    /// Writes <paramref name="obj"/> as the next revision, recording the change in managedFields as an Update by
    /// <paramref name="manager"/> (default: <see cref="InternalManager"/>), as a controller's write through the API would.
    /// </summary>
    protected Task WriteAsync(JsonObject obj, string? manager = null)
    {
        ManagedFields.RecordUpdate(Current, obj, manager ?? InternalManager, Kind, "", DateTimeOffset.UtcNow);
        return PersistAsync(obj);
    }

    /// <summary>Writes <paramref name="obj"/> as the next revision and makes it current.</summary>
    private async Task PersistAsync(JsonObject obj)
    {
        obj.Metadata().Remove("resourceVersion");
        var body = KubeJson.Write(obj);
        long revision;
        try
        {
            revision = await store.PutAsync(Kind.GroupResource, ObjectNamespace, ObjectName, body, currentRevision, obj.OwnerUids());
        }
        catch (StoreConflictException)
        {
            // Someone else wrote (a second activation in a split brain): reload and let the caller retry.
            DeactivateOnIdle();
            throw;
        }
        var previous = Current;
        currentRevision = revision;
        Current = KubeJson.WithResourceVersion(body, revision);
        await OnWrittenAsync(Current);
        await NotifyControllersAsync(previous, Current);
    }

    private async Task RemoveAsync()
    {
        var last = Current!;
        await store.DeleteAsync(Kind.GroupResource, ObjectNamespace, ObjectName, KubeJson.Write(last), currentRevision);
        Current = null;
        currentRevision = 0;
        await StopDeletionLoopAsync();
        await OnRemovedAsync(last);
        await UsageChangedAsync();
        await NotifyControllersAsync(last, null);
        await CascadeAsync(last);
        DeactivateOnIdle();
    }

    /// <summary>
    /// Generic owner wiring (controller-runtime's Owns()): the controller named by the object's controlling
    /// ownerReference, whatever its kind, hears that its child appeared, went, changed status or started
    /// deleting, and so does a controller the reference no longer names. Spec and metadata edits are the
    /// controller's own writes or wait for its resync.
    /// </summary>
    private async Task NotifyControllersAsync(JsonObject? before, JsonObject? after)
    {
        var was = before is null ? null : OwnerReferences.ControllerOf(before);
        var now = after is null ? null : OwnerReferences.ControllerOf(after);
        var changed = before is null || after is null
            || !JsonNode.DeepEquals(before["status"], after["status"])
            || before.DeletionTimestamp() != after.DeletionTimestamp();
        if (now is not null && (changed || was?.Uid != now.Uid))
            await NotifyAsync(now);
        if (was is not null && was.Uid != now?.Uid)
            await NotifyAsync(was);

        async Task NotifyAsync(OwnerReference owner)
        {
            if (ResourceKinds.ByApiVersionKind(owner.ApiVersion, owner.Kind) is { } ownerKind &&
                GrainFactory.For(ownerKind, ObjectNamespace, owner.Name) is IOwnerGrain controller)
                await controller.ChildChanged();
        }
    }

    /// <summary>Background propagation: dependents of a removed owner are deleted in turn.</summary>
    private async Task CascadeAsync(JsonObject removed)
    {
        if (removed.Uid() is not { } uid || !Kind.Namespaced)
            return;
        foreach (var dependent in await store.ListDependentsAsync(uid, ObjectNamespace))
            if (ResourceKinds.ByGroupResource(dependent.Resource) is { } dependentKind)
                await GrainFactory.For(dependentKind, dependent.Namespace, dependent.Name).Delete(new DeleteRequest(PropagationPolicies.Background));
    }

    private async Task OrphanDependentsAsync()
    {
        if (Current?.Uid() is not { } uid || !Kind.Namespaced)
            return;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = new JsonArray(new JsonObject { ["$patch"] = "delete", ["uid"] = uid }) },
        };
        foreach (var dependent in await store.ListDependentsAsync(uid, ObjectNamespace))
            if (ResourceKinds.ByGroupResource(dependent.Resource) is { } dependentKind)
                await GrainFactory.For(dependentKind, dependent.Namespace, dependent.Name)
                    .Patch(new PatchRequest(PatchTypes.StrategicMerge, KubeJson.Write(patch)), WriteOptions.Default);
    }

    private static long? GracePeriodOf(JsonObject obj) =>
        obj["metadata"]?["deletionGracePeriodSeconds"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : null;

    /// <summary>One step of a pending deletion: foreground dependents, kind cleanup, then removal.</summary>
    protected async Task ContinueDeletionAsync()
    {
        if (Current is null || Current.DeletionTimestamp() is null)
        {
            await StopDeletionLoopAsync();
            return;
        }
        var finalizers = Current.Finalizers();
        if (finalizers.Contains(ForegroundFinalizer))
        {
            var dependents = Current.Uid() is { } uid && Kind.Namespaced ? await store.ListDependentsAsync(uid, ObjectNamespace) : [];
            if (dependents.Count > 0)
            {
                foreach (var dependent in dependents)
                    if (ResourceKinds.ByGroupResource(dependent.Resource) is { } dependentKind)
                        await GrainFactory.For(dependentKind, dependent.Namespace, dependent.Name).Delete(new DeleteRequest(PropagationPolicies.Foreground));
                return;
            }
            finalizers.Remove(ForegroundFinalizer);
            var next = (JsonObject)Current.DeepClone();
            next.SetFinalizers(finalizers);
            await PersistAsync(next);
        }
        if (NeedsCleanupBeforeRemoval(Current, GracePeriodOf(Current)) && !await CleanupBeforeRemovalAsync(Current))
            return;
        if (finalizers.Count == 0)
            await RemoveAsync();
    }

    private void StartDeletionLoop()
    {
        deletionTimer ??= this.RegisterGrainTimer(ContinueDeletionAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)) { Interleave = false });
        // The durable backstop: a silo loss must not leave an object half-deleted forever.
        _ = this.RegisterOrUpdateReminder(DeletionReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task StopDeletionLoopAsync()
    {
        deletionTimer?.Dispose();
        deletionTimer = null;
        await UnregisterDeletionReminderAsync();
    }

    private async Task UnregisterDeletionReminderAsync()
    {
        try
        {
            if (await this.GetReminder(DeletionReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
        }
        catch (Exception ex)
        {
            LogReminderCleanupFailed(logger, ex, Kind.Kind, this.GetPrimaryKeyString());
        }
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == DeletionReminder ? ContinueDeletionAsync() : OnReminderAsync(reminderName);

    /// <summary>Reminders of derived grains (controllers' backstops).</summary>
    protected virtual Task OnReminderAsync(string reminderName) => Task.CompletedTask;

    private async Task<ApiResult?> NamespaceRefusal()
    {
        var result = await GrainFactory.For(ResourceKinds.Namespace, null, ObjectNamespace).Get();
        if (!result.IsSuccess)
            return new ApiResult(404, StatusErrors.NotFound(ResourceKinds.Namespace, ObjectNamespace));
        var ns = KubeJson.ParseObject(result.Body);
        if (ns.DeletionTimestamp() is not null)
            return new ApiResult(403, StatusErrors.Forbidden(Kind, ObjectName,
                $"unable to create new content in namespace {ObjectNamespace} because it is being terminated"));
        return null;
    }

    private ApiResult? Validate(JsonObject obj)
    {
        var errors = ObjectValidator.Validate(Kind, obj);
        return errors.Count == 0 ? null : new ApiResult(422, StatusErrors.Invalid(Kind, ObjectName, errors));
    }

    /// <summary>Parses and normalises a body through the official model type; a body that does not decode is a 400.</summary>
    private bool TryCanonical(string body, out JsonObject obj, out ApiResult error, bool strict = false)
    {
        var why = Canonicalize(body, strict, out obj);
        error = why is null ? null! : new ApiResult(400, StatusErrors.BadRequest(why));
        return why is null;
    }

    /// <summary>Why <paramref name="body"/> does not decode into the kind (or has unknown fields under Strict); null when it does.</summary>
    private string? Canonicalize(string body, bool strict, out JsonObject obj) => Kind.Decode(body, strict, out obj);

    protected ApiResult Ok(JsonObject obj) => new(200, KubeJson.Write(obj));

    /// <summary>An answer carrying admission's warnings for the client and annotations for the audit log.</summary>
    private static ApiResult Admitted(ApiResult result, AdmissionOutcome admission) =>
        result with { Warnings = admission.Warnings, AuditAnnotations = admission.AuditAnnotations };

    protected ApiResult NotFound() => new(404, StatusErrors.NotFound(Kind, ObjectName));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the deletion reminder of {Kind} {Key}")]
    private static partial void LogReminderCleanupFailed(ILogger logger, Exception exception, string kind, string key);
}
