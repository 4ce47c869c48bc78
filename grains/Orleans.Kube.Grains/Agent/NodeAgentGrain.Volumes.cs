using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Grains;

/// <summary>The local-path provisioner's work on the node: a directory per PersistentVolume under Node:DataDir/NODE/volumes.</summary>
public sealed partial class NodeAgentGrain
{
    private string VolumesRoot => Path.Combine(Path.GetFullPath(agentOptions.Value.DataDir), NodeName, "volumes");

    Task<string> INodeAgentGrain.ProvisionVolume(string volumeName)
    {
        if (volumeName.Contains('/') || volumeName.StartsWith('.'))
            throw new ArgumentException($"invalid volume name {volumeName}", nameof(volumeName));
        var path = Path.Combine(VolumesRoot, volumeName);
        Directory.CreateDirectory(path);
        // Any user in the pod may write, as with k3s' local-path helper (mode 0777).
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        return Task.FromResult(path);
    }

    Task INodeAgentGrain.DeleteVolume(string path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) != VolumesRoot)
            throw new ArgumentException($"{path} is not a provisioned volume of node {NodeName}", nameof(path));
        if (Directory.Exists(full))
            Directory.Delete(full, recursive: true);
        return Task.CompletedTask;
    }
}
