using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Admission;

/// <summary>One failed Pod Security check: kube's ForbiddenReason and ForbiddenDetail.</summary>
public sealed record PodSecurityViolation(string Reason, string Detail);

/// <summary>
/// The Pod Security Standards as kube's pod-security-admission evaluates them (policy/check_*.go, 1.32):
/// the baseline checks, then the baseline checks a restricted check replaces (baseline only), then the
/// restricted checks, each in kube's order, with kube's reasons and details.
/// </summary>
public static class PodSecurityPolicy
{
    public const string Privileged = "privileged";
    public const string Baseline = "baseline";
    public const string Restricted = "restricted";

    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    private static readonly string[] AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private delegate PodSecurityViolation? Check(JsonObject spec);

    private static readonly Check[] BaselineChecks = [HostNamespaces, HostPorts, PrivilegedContainers, ProcMount, SeccompBaseline, Sysctls];
    private static readonly Check[] OverlappingBaselineChecks = [CapabilitiesBaseline, HostPathVolumes];
    private static readonly Check[] RestrictedChecks = [AllowPrivilegeEscalation, CapabilitiesRestricted, RestrictedVolumes, RunAsNonRoot, RunAsUser, SeccompRestricted];

    /// <summary>Every violation of <paramref name="level"/> by a pod spec, in kube's order; none for privileged.</summary>
    public static IReadOnlyList<PodSecurityViolation> Evaluate(string level, JsonObject podSpec)
    {
        IEnumerable<Check> checks = level switch
        {
            Privileged => [],
            Baseline => [.. BaselineChecks, .. OverlappingBaselineChecks],
            _ => [.. BaselineChecks, .. RestrictedChecks],
        };
        return checks.Select(check => check(podSpec)).OfType<PodSecurityViolation>().ToList();
    }

    /// <summary>kube's AggregateCheckResult.ForbiddenDetail: "reason (detail), reason (detail)".</summary>
    public static string Describe(IEnumerable<PodSecurityViolation> violations) =>
        string.Join(", ", violations.Select(v => v.Detail.Length == 0 ? v.Reason : $"{v.Reason} ({v.Detail})"));

    private static PodSecurityViolation? HostNamespaces(JsonObject spec)
    {
        var used = new[] { "hostIPC", "hostNetwork", "hostPID" }.Where(field => Bool(spec, field) == true).ToList();
        return used.Count == 0 ? null : new("host namespaces", string.Join(", ", used.Select(f => f + "=true")));
    }

    private static PodSecurityViolation? HostPorts(JsonObject spec)
    {
        var containers = new List<string>();
        var ports = new List<string>();
        foreach (var container in Containers(spec))
        {
            var own = Objects(container, "ports").Select(p => Int(p, "hostPort") ?? 0).Where(p => p != 0).ToList();
            if (own.Count == 0)
                continue;
            containers.Add(Name(container));
            ports.AddRange(own.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return containers.Count == 0 ? null : new("hostPort",
            $"{Plural("container", containers.Count)} {JoinQuote(containers)} {(containers.Count == 1 ? "uses" : "use")} {Plural("hostPort", ports.Count)} {string.Join(", ", ports)}");
    }

    private static PodSecurityViolation? PrivilegedContainers(JsonObject spec)
    {
        var bad = Containers(spec).Where(c => Bool(c, "securityContext", "privileged") == true).Select(Name).ToList();
        return bad.Count == 0 ? null : new("privileged", $"{Plural("container", bad.Count)} {JoinQuote(bad)} must not set securityContext.privileged=true");
    }

    private static PodSecurityViolation? ProcMount(JsonObject spec)
    {
        var bad = Containers(spec).Where(c => Str(c, "securityContext", "procMount") is { } m && m != "Default").ToList();
        return bad.Count == 0 ? null : new("procMount",
            $"{Plural("container", bad.Count)} {JoinQuote(bad.Select(Name))} must not set securityContext.procMount to {JoinQuote(bad.Select(c => Str(c, "securityContext", "procMount")!).Distinct().Order(StringComparer.Ordinal))}");
    }

    private static PodSecurityViolation? SeccompBaseline(JsonObject spec)
    {
        var setters = new List<string>();
        if (Str(spec, "securityContext", "seccompProfile", "type") == "Unconfined")
            setters.Add("pod");
        var containers = Containers(spec).Where(c => Str(c, "securityContext", "seccompProfile", "type") == "Unconfined").Select(Name).ToList();
        if (containers.Count > 0)
            setters.Add($"{Plural("container", containers.Count)} {JoinQuote(containers)}");
        return setters.Count == 0 ? null : new("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }

    private static PodSecurityViolation? Sysctls(JsonObject spec)
    {
        var bad = Objects(spec, "securityContext", "sysctls").Select(s => Text(s, "name")).Where(n => !SafeSysctls.Contains(n)).ToList();
        return bad.Count == 0 ? null : new("forbidden sysctls", string.Join(", ", bad));
    }

    private static PodSecurityViolation? CapabilitiesBaseline(JsonObject spec)
    {
        var containers = new List<string>();
        var capabilities = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var extra = Strings(container, "securityContext", "capabilities", "add").Where(c => !BaselineCapabilities.Contains(c)).ToList();
            if (extra.Count == 0)
                continue;
            containers.Add(Name(container));
            capabilities.UnionWith(extra);
        }
        return containers.Count == 0 ? null : new("non-default capabilities",
            $"{Plural("container", containers.Count)} {JoinQuote(containers)} must not include {JoinQuote(capabilities)} in securityContext.capabilities.add");
    }

    private static PodSecurityViolation? HostPathVolumes(JsonObject spec)
    {
        var bad = Objects(spec, "volumes").Where(v => v["hostPath"] is not null).Select(v => Text(v, "name")).ToList();
        return bad.Count == 0 ? null : new("hostPath volumes", $"{Plural("volume", bad.Count)} {JoinQuote(bad)}");
    }

    private static PodSecurityViolation? AllowPrivilegeEscalation(JsonObject spec)
    {
        var bad = Containers(spec).Where(c => Bool(c, "securityContext", "allowPrivilegeEscalation") != false).Select(Name).ToList();
        return bad.Count == 0 ? null : new("allowPrivilegeEscalation != false",
            $"{Plural("container", bad.Count)} {JoinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false");
    }

    private static PodSecurityViolation? CapabilitiesRestricted(JsonObject spec)
    {
        var missingDrop = new List<string>();
        var adding = new List<string>();
        var forbidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            if (Obj(container, "securityContext", "capabilities") is not { } capabilities)
            {
                missingDrop.Add(Name(container));
                continue;
            }
            if (!Strings(capabilities, "drop").Contains("ALL"))
                missingDrop.Add(Name(container));
            var extra = Strings(capabilities, "add").Where(c => c != "NET_BIND_SERVICE").ToList();
            if (extra.Count > 0)
            {
                adding.Add(Name(container));
                forbidden.UnionWith(extra);
            }
        }
        var details = new List<string>();
        if (missingDrop.Count > 0)
            details.Add($"{Plural("container", missingDrop.Count)} {JoinQuote(missingDrop)} must set securityContext.capabilities.drop=[\"ALL\"]");
        if (adding.Count > 0)
            details.Add($"{Plural("container", adding.Count)} {JoinQuote(adding)} must not include {JoinQuote(forbidden)} in securityContext.capabilities.add");
        return details.Count == 0 ? null : new("unrestricted capabilities", string.Join("; ", details));
    }

    private static PodSecurityViolation? RestrictedVolumes(JsonObject spec)
    {
        var volumes = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var volume in Objects(spec, "volumes"))
        {
            var sources = volume.Select(p => p.Key).Where(k => k != "name").ToList();
            if (sources.Count == 0 || sources.Any(s => AllowedVolumeSources.Contains(s)))
                continue;
            volumes.Add(Text(volume, "name"));
            types.Add(sources[0] == "cephfs" ? "cephfs" : sources[0]);
        }
        return volumes.Count == 0 ? null : new("restricted volume types",
            $"{Plural("volume", volumes.Count)} {JoinQuote(volumes)} {(volumes.Count == 1 ? "uses" : "use")} {Plural("restricted volume type", types.Count)} {JoinQuote(types)}");
    }

    private static PodSecurityViolation? RunAsNonRoot(JsonObject spec)
    {
        var setters = new List<string>();
        var podNonRoot = false;
        if (Bool(spec, "securityContext", "runAsNonRoot") is { } podValue)
        {
            if (podValue) podNonRoot = true;
            else setters.Add("pod");
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var container in Containers(spec))
        {
            if (Bool(container, "securityContext", "runAsNonRoot") is { } value)
            {
                if (!value) explicitlyBad.Add(Name(container));
            }
            else if (!podNonRoot)
                implicitlyBad.Add(Name(container));
        }
        if (explicitlyBad.Count > 0)
            setters.Add($"{Plural("container", explicitlyBad.Count)} {JoinQuote(explicitlyBad)}");
        if (setters.Count > 0)
            return new("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false");
        return implicitlyBad.Count == 0 ? null : new("runAsNonRoot != true",
            $"pod or {Plural("container", implicitlyBad.Count)} {JoinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true");
    }

    private static PodSecurityViolation? RunAsUser(JsonObject spec)
    {
        var setters = new List<string>();
        if (Int(spec, "securityContext", "runAsUser") == 0)
            setters.Add("pod");
        var bad = Containers(spec).Where(c => Int(c, "securityContext", "runAsUser") == 0).Select(Name).ToList();
        if (bad.Count > 0)
            setters.Add($"{Plural("container", bad.Count)} {JoinQuote(bad)}");
        return setters.Count == 0 ? null : new("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0");
    }

    private static PodSecurityViolation? SeccompRestricted(JsonObject spec)
    {
        static bool Valid(string? type) => type is "RuntimeDefault" or "Localhost";
        var setters = new List<string>();
        var badValues = new SortedSet<string>(StringComparer.Ordinal);
        var podSet = false;
        if (Obj(spec, "securityContext", "seccompProfile") is { } podProfile)
        {
            if (Valid(Str(podProfile, "type"))) podSet = true;
            else { setters.Add("pod"); badValues.Add(Text(podProfile, "type")); }
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var container in Containers(spec))
        {
            if (Obj(container, "securityContext", "seccompProfile") is { } profile)
            {
                if (!Valid(Str(profile, "type"))) { explicitlyBad.Add(Name(container)); badValues.Add(Text(profile, "type")); }
            }
            else if (!podSet)
                implicitlyBad.Add(Name(container));
        }
        if (explicitlyBad.Count > 0)
            setters.Add($"{Plural("container", explicitlyBad.Count)} {JoinQuote(explicitlyBad)}");
        if (setters.Count > 0)
            return new("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(badValues)}");
        return implicitlyBad.Count == 0 ? null : new("seccompProfile",
            $"pod or {Plural("container", implicitlyBad.Count)} {JoinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }

    /// <summary>visitContainers: init containers, then containers, then ephemeral containers.</summary>
    private static IEnumerable<JsonObject> Containers(JsonObject spec) =>
        Objects(spec, "initContainers").Concat(Objects(spec, "containers")).Concat(Objects(spec, "ephemeralContainers"));

    private static string Name(JsonObject container) => Text(container, "name");

    private static string Plural(string singular, int count) => count == 1 ? singular : singular + "s";

    private static string JoinQuote(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"\"{i}\""));
}
