using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// A window summary newly stored: a device's (frame of type 1) or the gateway's own sensors'. A device window keeps the
/// frame's SenML bytes and is decoded on first use, on a bridge's own loop: the ingest path only copies the bytes, and a
/// window a full queue drops is never decoded.
/// </summary>
public sealed record WindowStored : BridgeEvent
{
    private readonly Lazy<WindowSummary?> _summary;

    /// <summary>A window already decoded (the gateway's own sensors).</summary>
    /// <param name="summary">The window; its source id is the gateway.</param>
    /// <param name="boot">The device's boot counter; null for the gateway's own window.</param>
    /// <param name="seq">The device's frame sequence number; null for the gateway's own window.</param>
    public WindowStored(WindowSummary summary, uint? boot, uint? seq)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summary = new Lazy<WindowSummary?>(summary);
        Boot = boot;
        Seq = seq;
    }

    private WindowStored(byte[] body, uint boot, uint seq)
    {
        _summary = new Lazy<WindowSummary?>(() => WindowSummaryCodec.Decode(body).TryGetValue(out var decoded) ? decoded : null, LazyThreadSafetyMode.ExecutionAndPublication);
        Boot = boot;
        Seq = seq;
    }

    /// <summary>Gets the window, decoded on first use; null if its bytes do not decode (ingest checked them, so never expected).</summary>
    public WindowSummary? Summary => _summary.Value;

    /// <summary>Gets the device's boot counter from the frame; null for the gateway's own window.</summary>
    public uint? Boot { get; }

    /// <summary>Gets the device's frame sequence number; null for the gateway's own window.</summary>
    public uint? Seq { get; }

    /// <summary>A device's window from its stored frame (the body is copied: the frame's buffer belongs to the broker).</summary>
    /// <param name="body">The frame body (SenML CBOR).</param>
    /// <param name="boot">The frame's boot counter.</param>
    /// <param name="seq">The frame's sequence number.</param>
    /// <returns>The event.</returns>
    public static WindowStored FromFrame(ReadOnlySpan<byte> body, uint boot, uint seq) => new(body.ToArray(), boot, seq);
}
