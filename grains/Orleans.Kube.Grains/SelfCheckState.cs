namespace Orleans.Kube.Grains;

public sealed class SelfCheckState
{
    public string? Value { get; set; }
    public int ReminderFirings { get; set; }
    public string? LastReminderSilo { get; set; }
}
