using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;

namespace EdgeCompute.Protocol.Batches;

/// <summary>Item kind 1, <c>[1, frame bstr]</c>: a device frame exactly as the device published it (decode it with <see cref="DeviceFrameCodec"/>).</summary>
/// <param name="Frame">The frame payload, at most <see cref="ProtocolLimits.MaxDevicePayloadBytes"/>.</param>
public sealed record DeviceFrameItem(ReadOnlyMemory<byte> Frame) : BatchItem
{
    /// <inheritdoc/>
    public override BatchItemKind Kind => BatchItemKind.DeviceFrame;
}
