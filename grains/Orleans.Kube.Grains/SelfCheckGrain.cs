using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

public sealed class SelfCheckGrain(
    [PersistentState("selfcheck", StorageNames.Default)] IPersistentState<SelfCheckState> state,
    IOptions<SiloOptions> silo) : Grain, ISelfCheckGrain, IRemindable
{
    private const string ReminderName = "selfcheck";
    private string SiloName => silo.Value.SiloName;

    async Task<SelfCheckReport> ISelfCheckGrain.Write(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return Report();
    }

    Task<SelfCheckReport> ISelfCheckGrain.Read() => Task.FromResult(Report());

    async Task ISelfCheckGrain.ArmReminder(TimeSpan dueIn) =>
        // Orleans' minimum period is one minute; the reminder is removed at its first tick.
        await this.RegisterOrUpdateReminder(ReminderName, dueIn, TimeSpan.FromMinutes(1));

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderFirings++;
        state.State.LastReminderSilo = SiloName;
        await state.WriteStateAsync();
        var reminder = await this.GetReminder(reminderName);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }

    private SelfCheckReport Report() =>
        new(state.State.Value, SiloName, state.State.ReminderFirings, state.State.LastReminderSilo);
}
