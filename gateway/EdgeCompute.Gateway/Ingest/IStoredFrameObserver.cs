using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Ingest;

/// <summary>Hears of every device frame and state <see cref="FrameIngest"/> newly stored in the outbox (not duplicates), after the commit.</summary>
public interface IStoredFrameObserver
{
    /// <summary>Called on the ingest path before the device's PUBACK: must return at once (queue the work) and must not throw.</summary>
    /// <param name="frame">The decoded frame (its body already checked).</param>
    void OnStored(DeviceFrame frame);

    /// <summary>
    /// Called on the ingest path instead of <see cref="OnStored(DeviceFrame)"/> with the window summary ingest already
    /// decoded from a type-1 frame's body to count its readings, so an observer need not decode it again: must return at
    /// once and must not throw.
    /// </summary>
    /// <param name="frame">The decoded frame (its body already checked).</param>
    /// <param name="summary">The frame's window summary (type 1), or null for any other type.</param>
    void OnStored(DeviceFrame frame, WindowSummary? summary) => OnStored(frame);

    /// <summary>Called on the ingest path when a device's state was stored: must return at once and must not throw.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="online">Whether it said <c>online</c>.</param>
    void OnStateStored(string deviceId, bool online)
    {
    }
}
