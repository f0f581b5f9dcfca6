using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// Hands what the gateway stored to its bridges: device window summaries, births and states from the ingest path
/// (after the outbox commit), and the gateway's own windows. Each bridge's <see cref="IGatewayBridge.Post"/> returns at
/// once, so a device's PUBACK never waits for a bridge.
/// </summary>
/// <param name="bridges">The running bridges.</param>
public sealed class BridgeFeed(IReadOnlyList<IGatewayBridge> bridges) : IStoredFrameObserver
{
    /// <summary>Gets the bridges fed.</summary>
    public IReadOnlyList<IGatewayBridge> Bridges { get; } = bridges;

    /// <inheritdoc />
    public void OnStored(DeviceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        BridgeEvent? posted = frame.Type switch
        {
            FrameType.WindowSummary => WindowStored.FromFrame(frame.Body.Span, frame.Boot, frame.Seq), // decoded later, off the ingest path
            FrameType.Birth when DeviceBirthCodec.Decode(frame.Body).TryGetValue(out var birth) => new DeviceBirthStored(frame.DeviceId, frame.Boot, birth),
            _ => null,
        };
        if (posted is not null)
        {
            Post(posted);
        }
    }

    /// <inheritdoc />
    public void OnStateStored(string deviceId, bool online) => Post(new DeviceStateStored(deviceId, online));

    /// <summary>Posts one of the gateway's own windows.</summary>
    /// <param name="summary">The window (source id = the gateway).</param>
    public void PostGatewayWindow(WindowSummary summary) => Post(new WindowStored(summary, null, null));

    private void Post(BridgeEvent bridgeEvent)
    {
        foreach (var bridge in Bridges)
        {
            bridge.Post(bridgeEvent);
        }
    }
}
