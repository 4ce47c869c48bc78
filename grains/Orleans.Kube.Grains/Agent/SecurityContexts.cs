using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// A container's effective security settings from its pod's and its own securityContext, as kubelet resolves
/// them (the container's runAsUser/runAsGroup/runAsNonRoot/seccompProfile win over the pod's), and kubelet's
/// runAsNonRoot verification against the image's user, refused with kubelet's messages.
/// </summary>
public static class SecurityContexts
{
    /// <summary>Reads the user an image runs as ("" for root by default).</summary>
    public delegate Task<string> ImageUserReader(string image);

    public static async Task<ContainerSecurity> ResolveAsync(JsonObject pod, JsonObject container, ImageUserReader imageUser)
    {
        var podContext = pod["spec"]?["securityContext"] as JsonObject;
        var own = container["securityContext"] as JsonObject;
        long? Effective(string field) => Long(own, field) ?? Long(podContext, field);

        var runAsUser = Effective("runAsUser");
        var runAsGroup = Effective("runAsGroup");
        var runAsNonRoot = Bool(own, "runAsNonRoot") ?? Bool(podContext, "runAsNonRoot");
        string? image = null;
        if (runAsNonRoot == true || (runAsUser is null && runAsGroup is not null))
            image = await imageUser(container.GetString("image")!);
        if (runAsNonRoot == true)
            VerifyRunAsNonRoot(pod, container.GetString("name")!, runAsUser, image!);

        string? user = null;
        if (runAsUser is not null)
            user = runAsGroup is null ? Text(runAsUser.Value) : $"{Text(runAsUser.Value)}:{Text(runAsGroup.Value)}";
        else if (runAsGroup is not null)
            user = $"{(image is { Length: > 0 } ? image.Split(':')[0] : "0")}:{Text(runAsGroup.Value)}";

        var groups = new List<long>();
        if (Long(podContext, "fsGroup") is { } fsGroup)
            groups.Add(fsGroup);
        groups.AddRange((podContext?["supplementalGroups"] as JsonArray)?.Select(g => g!.GetValue<long>()) ?? []);

        var seccomp = (own?["seccompProfile"] ?? podContext?["seccompProfile"]).GetString("type");
        if (seccomp == "Localhost")
            throw new ContainerConfigException("seccompProfile type Localhost is not supported on this node (RuntimeDefault and Unconfined are)");

        var privileged = Bool(own, "privileged") == true;
        var spec = pod["spec"];
        return new ContainerSecurity(
            User: user,
            SupplementalGroups: groups.Count == 0 ? null : groups.Distinct().ToList(),
            ReadOnlyRootFilesystem: Bool(own, "readOnlyRootFilesystem") == true,
            // kubelet: no_new_privs unless escalation is allowed (unset allows it) or the container is privileged.
            NoNewPrivileges: Bool(own, "allowPrivilegeEscalation") == false && !privileged,
            CapAdd: Strings(own?["capabilities"]?["add"]),
            CapDrop: Strings(own?["capabilities"]?["drop"]),
            Privileged: privileged,
            SeccompUnconfined: seccomp == "Unconfined",
            HostPid: spec?["hostPID"]?.GetValue<bool>() == true,
            HostIpc: spec?["hostIPC"]?.GetValue<bool>() == true);
    }

    /// <summary>kubelet's verifyRunAsNonRoot, with its messages (pod as "name_namespace(uid)").</summary>
    private static void VerifyRunAsNonRoot(JsonObject pod, string container, long? runAsUser, string imageUser)
    {
        var podText = $"{pod.Name()}_{pod.Namespace()}({pod.Uid()})";
        if (runAsUser is not null)
        {
            if (runAsUser == 0)
                throw new ContainerConfigException($"container's runAsUser breaks non-root policy (pod: \"{podText}\", container: {container})");
            return;
        }
        var userPart = imageUser.Split(':')[0];
        if (userPart.Length == 0 || (long.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid == 0))
            throw new ContainerConfigException($"container has runAsNonRoot and image will run as root (pod: \"{podText}\", container: {container})");
        if (!long.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new ContainerConfigException($"container has runAsNonRoot and image has non-numeric user ({userPart}), cannot verify user is non-root (pod: \"{podText}\", container: {container})");
    }

    private static long? Long(JsonObject? obj, string field) => obj?[field] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    private static bool? Bool(JsonObject? obj, string field) => obj?[field] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray array && array.Count > 0 ? array.Select(n => n?.ToString() ?? "").ToList() : null;
}
