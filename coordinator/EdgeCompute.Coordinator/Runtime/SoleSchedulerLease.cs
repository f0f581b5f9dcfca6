namespace EdgeCompute.Coordinator.Runtime;

/// <summary>The lease of a coordinator that runs alone (SQLite files, the embedded broker): always held.</summary>
public sealed class SoleSchedulerLease : ISchedulerLease
{
    /// <summary>Gets the one instance.</summary>
    public static SoleSchedulerLease Instance { get; } = new();

    /// <inheritdoc />
    public bool IsHeld => true;

    /// <inheritdoc />
    public ValueTask<bool> HoldAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
