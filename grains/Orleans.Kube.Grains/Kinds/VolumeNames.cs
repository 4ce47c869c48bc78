namespace Orleans.Kube.Grains;

/// <summary>The annotations, finalizers and names kube's volume controllers and the local-path provisioner use.</summary>
public static class VolumeNames
{
    public const string ClaimProtection = "kubernetes.io/pvc-protection";
    public const string VolumeProtection = "kubernetes.io/pv-protection";
    public const string SelectedNode = "volume.kubernetes.io/selected-node";
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";
    public const string DefaultClass = "storageclass.kubernetes.io/is-default-class";
    public const string LocalPathClass = "local-path";
    public const string LocalPathProvisioner = "rancher.io/local-path";
    public const string HostnameLabel = "kubernetes.io/hostname";
}
