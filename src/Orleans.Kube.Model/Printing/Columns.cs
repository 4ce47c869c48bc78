namespace Orleans.Kube.Model.Printing;

/// <summary>Column definitions shared by many printers, worded after the ObjectMeta swagger docs.</summary>
internal static class Columns
{
    public static readonly TableColumn Name = new("Name", "string", "name",
        "Name must be unique within a namespace. Cannot be updated.", 0);

    public static readonly TableColumn Age = new("Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);

    public static readonly TableColumn Containers = Text("Containers", "Names of each container in the template.", 1);
    public static readonly TableColumn Images = Text("Images", "Images referenced by each container in the template.", 1);

    public static TableColumn Text(string name, string description, int priority = 0) =>
        new(name, "string", "", description, priority);

    public static TableColumn Integer(string name, string description, int priority = 0) =>
        new(name, "integer", "", description, priority);

    public static TableColumn Boolean(string name, string description, int priority = 0) =>
        new(name, "boolean", "", description, priority);
}
