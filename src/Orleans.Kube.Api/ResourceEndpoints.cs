using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>CRUD, list, watch, patch and subresources for every resource under /api and /apis.</summary>
internal sealed class ResourceEndpoints(IGrainFactory grains, ResourceStore store, WatchCache cache, WatchStreamer watches)
{
    public async Task HandleAsync(HttpContext http, ApiPath path)
    {
        var request = http.Request;
        var response = http.Response;
        var kind = path.Kind!;
        try
        {
            if (kind.Namespaced && path.Name is not null && path.Namespace is null)
            {
                await response.WriteJsonAsync(404, StatusErrors.NotFoundPath());
                return;
            }
            if (path.Subresource is { } subresource && !SubresourceVerbs.Serves(subresource, request.Method))
            {
                await response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"{request.Method} is not supported on {request.Path}"));
                return;
            }
            switch (request.Method, path.Name is null)
            {
                case ("GET", true):
                    var watch = QueryParameters.Flag(request, "watch");
                    var query = ListQuery.From(path, request, watch);
                    if (watch)
                        await watches.StreamAsync(http, query);
                    else
                        await ListAsync(http, query);
                    return;
                case ("POST", true):
                    await CreateAsync(http, path);
                    return;
                case ("DELETE", true):
                    await DeleteCollectionAsync(http, ListQuery.From(path, request, watch: false));
                    return;
                case ("GET" or "POST", false) when path.Subresource is "exec" or "attach":
                    await PodExec.RunAsync(http, grains, path);
                    return;
                case ("GET" or "POST", false) when path.Subresource == "portforward":
                    await PodPortForward.RunAsync(http, grains, path);
                    return;
                case ("GET", false) when path.Subresource == "log":
                    await PodLogs.StreamAsync(http, grains, path);
                    return;
                case ("GET", false):
                    await GetAsync(http, path);
                    return;
                case ("PUT", false):
                    await ReplaceAsync(http, path);
                    return;
                case ("PATCH", false):
                    await PatchAsync(http, path);
                    return;
                case ("DELETE", false):
                    await DeleteAsync(http, path);
                    return;
                case ("POST", false) when path.Subresource == "eviction":
                    await EvictAsync(http, path);
                    return;
                default:
                    await response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"{request.Method} is not supported on {request.Path}"));
                    return;
            }
        }
        catch (SelectorException ex)
        {
            await response.WriteJsonAsync(400, StatusErrors.BadRequest(ex.Message));
        }
        catch (RequestBody.TooLargeException)
        {
            await response.WriteJsonAsync(413, StatusErrors.RequestEntityTooLarge(RequestBody.MaxBytes));
        }
        catch (RequestRejectedException ex)
        {
            await response.WriteJsonAsync(ex.Code, ex.Status);
        }
    }

    private async Task ListAsync(HttpContext http, ListQuery query) =>
        await ListResponse.WriteAsync(http, query.Kind,
            await ChunkedList.ReadAsync(store, cache, query, ListPaging.From(http.Request), CachedReads.ListMinimum(http.Request), http.RequestAborted));

    private async Task GetAsync(HttpContext http, ApiPath path)
    {
        var result = path.Subresource is null && CachedReads.GetMinimum(http.Request) is { } minimum
            ? await GetCachedAsync(path, minimum, http.RequestAborted) ?? await Grain(path).Get()
            : await Grain(path).Get();
        if (!result.IsSuccess)
        {
            await http.Response.WriteAsync(result);
            return;
        }
        var obj = KubeJson.ParseObject(result.Body);
        if (path.Subresource == "scale")
            obj = ScaleSubresource.From(obj);
        var body = TableWriter.Wants(http.Request) && path.Subresource is null
            ? TableWriter.Table(path.Kind!, [obj], TableWriter.MetadataOf(obj), http.Request)
            : path.Kind!.Served(obj);
        await http.Response.WriteJsonAsync(200, KubeJson.Write(body));
    }

    /// <summary>A GET with a resourceVersion from the watch cache; null when the cache did not reach that revision in time.</summary>
    private async Task<ApiResult?> GetCachedAsync(ApiPath path, long minimum, CancellationToken ct)
    {
        if (await cache.ReadAsync(path.Kind!.GroupResource, minimum, ct) is not { } snapshot)
            return null;
        return snapshot.Objects.Get(path.Namespace ?? "", path.Name!) is { } cached
            ? new ApiResult(200, KubeJson.Write(KubeJson.WithResourceVersion(cached.Object.Body, cached.Object.Revision)))
            : new ApiResult(404, StatusErrors.NotFound(path.Kind, path.Name!));
    }

    private async Task CreateAsync(HttpContext http, ApiPath path)
    {
        var kind = path.Kind!;
        if (kind.Namespaced && path.Namespace is null)
        {
            await http.Response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"create {kind.Plural} needs a namespace in the path"));
            return;
        }
        var obj = await ReadObjectAsync(http.Request, kind);
        if (kind.Namespaced && obj.Namespace() is { Length: > 0 } bodyNs && bodyNs != path.Namespace)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
            return;
        }
        var options = WriteOptionsQuery.Create(http.Request);
        obj = ToStored(kind, obj, options.StrictFields);
        var name = obj.Name();
        var generate = obj["metadata"].GetString("generateName");
        var chosen = name is { Length: > 0 } ? name : generate is { Length: > 0 } ? generate : null;
        if (chosen is null)
        {
            await http.Response.WriteJsonAsync(422, StatusErrors.Invalid(kind, "",
                [new Model.Validation.FieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]));
            return;
        }
        if (!IsValidPathSegment(chosen))
        {
            // The generated suffix never adds '/' or '%', so a prefix that passes makes names that pass.
            var shown = name is { Length: > 0 } ? chosen : NameGenerator.Generate(chosen);
            await http.Response.WriteJsonAsync(422, StatusErrors.Invalid(kind, shown,
                [new Model.Validation.FieldError("FieldValueInvalid", "metadata.name", $"Invalid value: \"{shown}\": may not contain '/' or '%'")]));
            return;
        }
        var result = name is { Length: > 0 }
            ? await grains.For(kind, path.Namespace, name).Create(KubeJson.Write(obj), options)
            : (await grains.CreateWithGeneratedNameAsync(kind, path.Namespace, chosen, obj, options)).Result;
        await WriteServedAsync(http, kind, result);
    }

    private async Task ReplaceAsync(HttpContext http, ApiPath path)
    {
        var obj = await ReadObjectAsync(http.Request, path.Kind!, expectKind: path.Subresource != "scale");
        if (path.Subresource == "scale" && ScaleSubresource.DecodeError(obj) is { } scaleError)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest(scaleError));
            return;
        }
        if (path.Subresource == "scale" && obj.Name() is { } scaleName && scaleName != path.Name)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"the name of the object ({scaleName}) does not match the name on the URL ({path.Name})"));
            return;
        }
        var options = WriteOptionsQuery.Update(http.Request);
        if (path.Subresource != "scale")
            obj = ToStored(path.Kind!, obj, options.StrictFields);
        var grain = Grain(path);
        var result = path.Subresource switch
        {
            "scale" => await grain.Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(ScaleSubresource.ToWorkloadPatch(obj))), options with { Subresource = "scale" }),
            "status" => await grain.ReplaceStatus(KubeJson.Write(obj), options),
            _ => await grain.Replace(KubeJson.Write(obj), options),
        };
        await WriteMaybeScaleAsync(http, path, result);
    }

    private async Task PatchAsync(HttpContext http, ApiPath path)
    {
        var contentType = http.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!PatchTypes.All.Contains(contentType))
        {
            await http.Response.WriteJsonAsync(415, StatusErrors.UnsupportedMediaType(contentType));
            return;
        }
        var body = await RequestBody.ReadTextAsync(http.Request);
        var options = WriteOptionsQuery.Patch(http.Request, contentType);
        var force = QueryParameters.Flag(http.Request, "force");
        var grain = Grain(path);
        ApiResult result;
        if (path.Subresource == "scale")
        {
            // Patch the Scale view, then carry its replicas over to the workload.
            var current = await grain.Get();
            if (!current.IsSuccess)
            {
                await http.Response.WriteAsync(current);
                return;
            }
            var scale = ScaleSubresource.From(KubeJson.ParseObject(current.Body));
            var patchedScale = ScalePatch.Apply(scale, contentType, body, path.Kind!);
            if (patchedScale.Error is not null)
            {
                await http.Response.WriteAsync(patchedScale.Error);
                return;
            }
            result = await grain.Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(ScaleSubresource.ToWorkloadPatch(patchedScale.Scale!))), options with { Subresource = "scale" });
        }
        else if (path.Kind!.Conversion is not null)
            result = await ConvertedVersionPatch.ApplyAsync(grain, path.Kind, new PatchRequest(contentType, body, force), options with { Subresource = path.Subresource });
        else
            result = await grain.Patch(new PatchRequest(contentType, body, force), options with { Subresource = path.Subresource });
        await WriteMaybeScaleAsync(http, path, result);
    }

    private async Task DeleteAsync(HttpContext http, ApiPath path)
    {
        var request = await DeleteOptionsReader.ReadAsync(http.Request);
        await WriteServedAsync(http, path.Kind!, await Grain(path).Delete(request));
    }

    /// <summary>policy/v1 Eviction (kubectl drain): a graceful delete, answered like kube with a Success Status.</summary>
    private async Task EvictAsync(HttpContext http, ApiPath path)
    {
        var body = await RequestBody.ReadBytesAsync(http.Request);
        long? grace = null;
        try
        {
            if (body.Length > 0 && RequestBody.ParseObject(body, http.Request.ContentType)["deleteOptions"] is JsonObject options)
                grace = options["gracePeriodSeconds"]?.GetValue<long>();
        }
        catch (Exception ex) when (RequestBody.IsDecodeError(ex))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"the Eviction body could not be decoded: {ex.Message}"));
            return;
        }
        var result = await Grain(path).Delete(new DeleteRequest(GracePeriodSeconds: grace));
        if (!result.IsSuccess)
        {
            await http.Response.WriteAsync(result);
            return;
        }
        var pod = KubeJson.ParseObject(result.Body);
        await http.Response.WriteJsonAsync(201, StatusErrors.Success(path.Kind!, path.Name!, pod.Uid()));
    }

    private async Task DeleteCollectionAsync(HttpContext http, ListQuery query)
    {
        var request = await DeleteOptionsReader.ReadAsync(http.Request);
        var (items, revision) = await store.ListAsync(query.Kind.GroupResource, query.Namespace, http.RequestAborted);
        var deleted = new JsonArray();
        foreach (var item in items)
        {
            var obj = KubeJson.WithResourceVersion(item.Body, item.Revision);
            if (!query.Matches(obj))
                continue;
            var result = await grains.For(query.Kind, item.Namespace, item.Name).Delete(request);
            if (result.IsSuccess)
                deleted.Add(query.Kind.Served(KubeJson.ParseObject(result.Body)));
        }
        await http.Response.WriteJsonAsync(200, KubeJson.Write(new JsonObject
        {
            ["kind"] = query.Kind.Kind + "List",
            ["apiVersion"] = query.Kind.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString() },
            ["items"] = deleted,
        }));
    }

    private static async Task WriteMaybeScaleAsync(HttpContext http, ApiPath path, ApiResult result)
    {
        if (path.Subresource == "scale" && result.IsSuccess)
            result = result with { Body = KubeJson.Write(ScaleSubresource.From(KubeJson.ParseObject(result.Body))) };
        await WriteServedAsync(http, path.Kind!, result);
    }

    /// <summary>A grain's answer in the version the client asked for.</summary>
    private static async Task WriteServedAsync(HttpContext http, ResourceKind kind, ApiResult result)
    {
        if (kind.Conversion is not null && result.IsSuccess)
            result = result with { Body = KubeJson.Write(kind.Served(KubeJson.ParseObject(result.Body))) };
        await http.Response.WriteAsync(result);
    }

    /// <summary>A body of a converted version as the stored version (decoded strictly first when asked); others as they are.</summary>
    internal static JsonObject ToStored(ResourceKind kind, JsonObject obj, bool strict)
    {
        if (kind.Conversion is not { } conversion)
            return obj;
        if (kind.Decode(KubeJson.Write(obj), strict, out var decoded) is { } error)
            throw new RequestRejectedException(400, StatusErrors.BadRequest(error));
        return conversion.ToStorage(decoded);
    }

    private IResourceGrain Grain(ApiPath path) => grains.For(path.Kind!, path.Namespace, path.Name!);

    /// <summary>The request body as an object of <paramref name="kind"/>; throws <see cref="RequestRejectedException"/> when it is not one.</summary>
    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, ResourceKind kind, bool expectKind = true)
    {
        var body = await RequestBody.ReadBytesAsync(request);
        JsonObject obj;
        try
        {
            obj = RequestBody.ParseObject(body, request.ContentType);
        }
        catch (Exception ex) when (RequestBody.IsDecodeError(ex))
        {
            throw new RequestRejectedException(400, StatusErrors.BadRequest($"the body of the request could not be decoded: {ex.Message}"));
        }
        if (!expectKind)
            return obj;
        if (IdentityFields.TypeError(obj, kind) is { } typeError)
            throw new RequestRejectedException(400, StatusErrors.BadRequest(typeError));
        var apiVersion = obj.GetString("apiVersion");
        var objKind = obj.GetString("kind");
        if ((apiVersion is not null && apiVersion != kind.ApiVersion) || (objKind is not null && objKind != kind.Kind))
            throw new RequestRejectedException(400, StatusErrors.BadRequest($"the API version in the data ({apiVersion}) and kind ({objKind}) do not match the request: expected {kind.ApiVersion} {kind.Kind}"));
        return obj;
    }

    private static bool IsValidPathSegment(string name) =>
        name is not ("." or "..") && !name.Contains('/') && !name.Contains('%');
}
