namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>One epoch: the half-open time range <c>[Start, End)</c>.</summary>
/// <param name="Id">Epoch number, 0 at the policy's genesis.</param>
/// <param name="Start">First instant in the epoch (UTC).</param>
/// <param name="End">First instant after the epoch (UTC).</param>
public sealed record EpochWindow(long Id, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>True when <paramref name="time"/> falls in this epoch.</summary>
    /// <param name="time">The instant.</param>
    /// <returns>Whether <c>Start &lt;= time &lt; End</c>.</returns>
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;
}
