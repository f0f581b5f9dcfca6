namespace EdgeCompute.Protocol.Batches;

/// <summary>Item kind 4, <c>[4, device id, boot, first seq, last seq, readings]</c>: device frames evicted from a full outbox.</summary>
/// <param name="DeviceId">The device whose frames were lost.</param>
/// <param name="Boot">The device boot the seqs belong to.</param>
/// <param name="FirstSeq">The first lost seq.</param>
/// <param name="LastSeq">The last lost seq (≥ <paramref name="FirstSeq"/>).</param>
/// <param name="Readings">Readings lost (see <see cref="Telemetry.TelemetryReadings"/>).</param>
public sealed record TelemetryGapItem(string DeviceId, uint Boot, uint FirstSeq, uint LastSeq, ulong Readings) : BatchItem
{
    /// <inheritdoc/>
    public override BatchItemKind Kind => BatchItemKind.TelemetryGap;
}
