namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// What the store holds of one device boot's frame sequence. Sequence numbers start at 1 after the birth frame (0) and
/// every stored telemetry or result frame takes one, so <see cref="MissingFrames"/> counts the frames that never arrived
/// between 1 and the highest one stored (a lost tail cannot be seen from here).
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Boot">The boot counter.</param>
/// <param name="FramesStored">Frames stored (telemetry and results).</param>
/// <param name="TelemetryFrames">Telemetry frames among them.</param>
/// <param name="HighestSeq">The highest sequence number stored.</param>
/// <param name="Readings">Readings in the stored telemetry frames.</param>
public sealed record SequenceAccount(string DeviceId, uint Boot, long FramesStored, long TelemetryFrames, long HighestSeq, long Readings)
{
    /// <summary>Frames missing between 1 and <see cref="HighestSeq"/>.</summary>
    public long MissingFrames => Math.Max(0, HighestSeq - FramesStored);

    /// <summary>The readings the missing frames would have held, estimated at this boot's mean readings per telemetry frame.</summary>
    public long EstimatedReadingsMissing => TelemetryFrames == 0 ? 0 : MissingFrames * Readings / TelemetryFrames;
}
