using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>
/// Projected volumes (kubelet's projected plugin): configMap, secret, downwardAPI and
/// serviceAccountToken sources written together into one volume. A token is bound to the pod
/// and renewed once 80% of its lifetime has passed, as kubelet's token manager does.
/// </summary>
public sealed partial class PodVolumes
{
    private readonly ConcurrentDictionary<(string PodUid, string Path), (string Token, DateTimeOffset Renew)> issuedTokens = new();

    private async Task ProjectSourcesAsync(JsonObject pod, string dir, JsonObject projected, bool strict, long? fsGroup)
    {
        var groupMask = GroupMask(fsGroup);
        var defaultMode = (projected["defaultMode"]?.GetValue<int>() ?? DefaultMode) | groupMask;
        var files = new Dictionary<string, (byte[] Content, int Mode)>();
        foreach (var source in (projected["sources"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            Dictionary<string, (byte[] Content, int Mode)>? part;
            if (source["configMap"] is JsonObject configMap)
                part = await SourceFilesAsync(pod, "ConfigMap", configMap, configMap.GetString("name"), defaultMode, groupMask, strict);
            else if (source["secret"] is JsonObject secret)
                part = await SourceFilesAsync(pod, "Secret", secret, secret.GetString("name"), defaultMode, groupMask, strict);
            else if (source["downwardAPI"] is JsonObject downward)
                part = DownwardFiles(pod, downward, defaultMode);
            else if (source["serviceAccountToken"] is JsonObject token)
                part = await TokenFileAsync(pod, token, defaultMode, strict);
            else
                throw new ContainerConfigException($"projected volume source {source.Select(p => p.Key).FirstOrDefault()} is not supported on this node");
            if (part is null)
            {
                // A refresh that cannot read a source keeps the last content.
                if (!strict && Directory.Exists(dir))
                    return;
                continue;
            }
            foreach (var (path, file) in part)
                files[path] = file;
        }
        if (!Matches(dir, files))
            Write(dir, files, fsGroup);
    }

    private static Dictionary<string, (byte[] Content, int Mode)> DownwardFiles(JsonObject pod, JsonObject downward, int defaultMode)
    {
        var files = new Dictionary<string, (byte[] Content, int Mode)>();
        foreach (var item in (downward["items"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var field = item["fieldRef"]?.GetString("fieldPath")
                ?? throw new ContainerConfigException($"downwardAPI item \"{item.GetString("path")}\": only fieldRef is supported on this node");
            var value = field switch
            {
                "metadata.namespace" => pod.Namespace() ?? "",
                "metadata.name" => pod.Name() ?? "",
                "metadata.uid" => pod.Uid() ?? "",
                "metadata.labels" => Pairs(pod["metadata"]?["labels"]),
                "metadata.annotations" => Pairs(pod["metadata"]?["annotations"]),
                _ => throw new ContainerConfigException($"downwardAPI fieldPath \"{field}\" is not supported on this node"),
            };
            files[item.GetString("path")!] = (Encoding.UTF8.GetBytes(value), item["mode"]?.GetValue<int>() ?? defaultMode);
        }
        return files;
    }

    /// <summary>kubelet's format for a label or annotation map: sorted key="value" lines.</summary>
    private static string Pairs(JsonNode? map) =>
        string.Join('\n', ObjectMeta.StringMap(map).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=\"{p.Value}\""));

    private async Task<Dictionary<string, (byte[] Content, int Mode)>?> TokenFileAsync(JsonObject pod, JsonObject source, int defaultMode, bool strict)
    {
        if (tokens is null)
            throw new ContainerConfigException("serviceAccountToken volumes need the cluster's signing key on this node");
        var path = source.GetString("path") ?? "token";
        var key = (pod.Uid()!, path);
        var now = DateTimeOffset.UtcNow;
        if (!issuedTokens.TryGetValue(key, out var issued) || now >= issued.Renew)
        {
            var ns = pod.Namespace()!;
            var accountName = pod["spec"]?.GetString("serviceAccountName") ?? ServiceAccountDefaults.DefaultAccount;
            var account = await read("ServiceAccount", ns, accountName);
            if (account is null)
            {
                if (strict)
                    throw new ContainerConfigException($"serviceaccount \"{accountName}\" not found");
                return null;
            }
            var seconds = source["expirationSeconds"]?.GetValue<long>() ?? 3600;
            var audiences = source.GetString("audience") is { Length: > 0 } audience ? new[] { audience } : [];
            var (token, expires) = tokens.Issue(new ServiceAccountTokenRequest(ns, accountName, account.Uid() ?? "", audiences, seconds, pod.Name(), pod.Uid()));
            issued = (token, now + (expires - now) * 0.8);
            issuedTokens[key] = issued;
        }
        return new() { [path] = (Encoding.UTF8.GetBytes(issued.Token), defaultMode) };
    }

    private void ForgetTokens(string podUid)
    {
        foreach (var key in issuedTokens.Keys.Where(k => k.PodUid == podUid))
            issuedTokens.TryRemove(key, out _);
    }
}
