using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Frames;

/// <summary>
/// A device frame (docs/protocol.md, "Device frame envelope"): every device payload except <c>state</c>.
/// Byte fields are compared by reference by the record's equality; compare encodings to compare contents.
/// </summary>
/// <param name="DeviceId">Key 1: the device id; must equal the id in the topic.</param>
/// <param name="Boot">Key 2: the device's boot counter; a new boot restarts the seq space.</param>
/// <param name="Seq">Key 3: seq within the boot; 0 for the birth frame, from 1 for every other frame.</param>
/// <param name="Type">Key 4: the body's kind.</param>
/// <param name="Body">Key 5: the inner bytes, at most <see cref="ProtocolLimits.MaxFrameBodyBytes"/>.</param>
/// <param name="Mac">Key 6: HMAC-SHA256 (32 bytes) with the device key over the frame's TBS (see <see cref="DeviceFrameMac"/>).</param>
public sealed record DeviceFrame(string DeviceId, uint Boot, uint Seq, FrameType Type, ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> Mac)
{
    /// <summary>The length of <see cref="Mac"/>.</summary>
    public const int MacLength = 32;
}
