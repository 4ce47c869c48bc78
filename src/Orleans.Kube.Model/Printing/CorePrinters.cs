using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>The small core/v1 printers: Namespaces, ConfigMaps, Secrets and ServiceAccounts.</summary>
internal static class CorePrinters
{
    // Data, Secrets: declared "string" upstream although the cells are integer counts.
    private static readonly TableColumn[] NamespaceColumns =
        [Columns.Name, Columns.Text("Status", "The status of the namespace"), Columns.Age];

    private static readonly TableColumn[] ConfigMapColumns =
        [Columns.Name, Columns.Text("Data", "Data contains the configuration data."), Columns.Age];

    private static readonly TableColumn[] SecretColumns =
    [
        Columns.Name,
        Columns.Text("Type", "Used to facilitate programmatic handling of secret data."),
        Columns.Text("Data", "Data contains the secret data."),
        Columns.Age,
    ];

    private static readonly TableColumn[] ServiceAccountColumns =
        [Columns.Name, Columns.Text("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Columns.Age];

    public static ResourcePrinter Namespaces { get; } = new(NamespaceColumns, (obj, now) =>
        [Text(obj, "metadata", "name"), Text(obj, "status", "phase"), Age(obj, now)]);

    public static ResourcePrinter ConfigMaps { get; } = new(ConfigMapColumns, (obj, now) =>
        [Text(obj, "metadata", "name"), (long)(Count(obj, "data") + Count(obj, "binaryData")), Age(obj, now)]);

    public static ResourcePrinter Secrets { get; } = new(SecretColumns, (obj, now) =>
    [
        Text(obj, "metadata", "name"),
        // core/v1 defaults an omitted type to Opaque.
        Str(obj, "type") is { Length: > 0 } type ? type : "Opaque",
        (long)Count(obj, "data"),
        Age(obj, now),
    ]);

    public static ResourcePrinter ServiceAccounts { get; } = new(ServiceAccountColumns, (obj, now) =>
        [Text(obj, "metadata", "name"), (long)Count(obj, "secrets"), Age(obj, now)]);

    private static string Age(JsonObject obj, DateTime now) =>
        HumanDurations.Since(Time(obj, "metadata", "creationTimestamp"), now);
}
