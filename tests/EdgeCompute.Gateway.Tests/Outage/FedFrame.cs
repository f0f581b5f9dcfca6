namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>A frame a test device published and the gateway acknowledged (PUBACK success).</summary>
/// <param name="Device">The device id.</param>
/// <param name="Seq">Its seq (boot 1).</param>
/// <param name="Readings">The readings it accounts for (0 for a result).</param>
/// <param name="IsResult">Whether it is a result frame (never evicted) rather than a window summary.</param>
/// <param name="DuringOutage">Whether it was published while the central broker was down.</param>
internal sealed record FedFrame(string Device, uint Seq, long Readings, bool IsResult, bool DuringOutage);
