namespace Orleans.Kube.Runtime;

/// <summary>Knobs for <see cref="SimulatedContainerRuntime"/>.</summary>
public sealed class SimulatedRuntimeOptions
{
    /// <summary>Clock for start/finish times, log timestamps and <see cref="SimulatedBehavior.ExitAfter"/>; swap in a manual one for determinism.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Mixed into container ids so that simulated nodes do not hand out the same ids.</summary>
    public string IdSeed { get; init; } = "";

    /// <summary>Decides each container's behavior; a null answer falls back to <see cref="SimulatedLabels"/>.</summary>
    public Func<ContainerCreateRequest, SimulatedBehavior?>? Behavior { get; init; }

    /// <summary>True (default): every image counts as present. False: only <see cref="PreloadedImages"/> and pulled images do.</summary>
    public bool AllImagesPresent { get; init; } = true;

    public IReadOnlyList<string> PreloadedImages { get; init; } = [];

    /// <summary>The error a pull of the image fails with, or null when the pull succeeds (the default for every image).</summary>
    public Func<string, string?>? PullError { get; init; }

    /// <summary>First host port handed out for ephemeral (0) port requests; they are not actually bound.</summary>
    public int FirstEphemeralPort { get; init; } = 32768;
}
