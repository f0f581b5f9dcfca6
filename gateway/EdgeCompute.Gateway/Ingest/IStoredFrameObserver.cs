using EdgeCompute.Protocol.Frames;

namespace EdgeCompute.Gateway.Ingest;

/// <summary>Hears of every device frame and state <see cref="FrameIngest"/> newly stored in the outbox (not duplicates), after the commit.</summary>
public interface IStoredFrameObserver
{
    /// <summary>Called on the ingest path before the device's PUBACK: must return at once (queue the work) and must not throw.</summary>
    /// <param name="frame">The decoded frame (its body already checked).</param>
    void OnStored(DeviceFrame frame);

    /// <summary>Called on the ingest path when a device's state was stored: must return at once and must not throw.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="online">Whether it said <c>online</c>.</param>
    void OnStateStored(string deviceId, bool online)
    {
    }
}
