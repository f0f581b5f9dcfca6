using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Frames;

/// <summary>Encodes and decodes <see cref="DeviceFrame"/> (the CBOR map <c>{1: id, 2: boot, 3: seq, 4: type, 5: body, 6: mac}</c>).</summary>
public static class DeviceFrameCodec
{
    private const string What = "device frame";

    /// <summary>Encodes a frame.</summary>
    /// <param name="frame">The frame, with its MAC already computed.</param>
    /// <returns>The payload, at most <see cref="ProtocolLimits.MaxDevicePayloadBytes"/>.</returns>
    /// <exception cref="ArgumentException">The frame breaks a rule of the spec (id, seq, type, sizes).</exception>
    public static byte[] Encode(DeviceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ProtocolId.Validate(frame.DeviceId, "device id");
        if (Check(frame.Type, frame.Seq, frame.Body.Length, frame.Mac.Length) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(frame));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(6);
        writer.WriteUInt32(1);
        writer.WriteTextString(frame.DeviceId);
        writer.WriteUInt32(2);
        writer.WriteUInt32(frame.Boot);
        writer.WriteUInt32(3);
        writer.WriteUInt32(frame.Seq);
        writer.WriteUInt32(4);
        writer.WriteUInt32((uint)frame.Type);
        writer.WriteUInt32(5);
        writer.WriteByteString(frame.Body.Span);
        writer.WriteUInt32(6);
        writer.WriteByteString(frame.Mac.Span);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes a frame. Does not verify the MAC (see <see cref="DeviceFrameMac.Verify"/>).</summary>
    /// <param name="payload">The payload as published.</param>
    /// <returns>The frame, or why it was refused.</returns>
    public static DecodeResult<DeviceFrame> Decode(ReadOnlyMemory<byte> payload) =>
        CborDecoding.Run(payload, ProtocolLimits.MaxDevicePayloadBytes, What, Read);

    /// <summary>Checks the envelope rules shared by encoder and decoder; returns a problem or null.</summary>
    internal static string? Check(FrameType type, uint seq, int bodyLength, int macLength)
    {
        if (type is < FrameType.WindowSummary or > FrameType.Birth)
        {
            return $"type {(int)type} is not 1 (window summary), 2 (raw samples), 3 (result) or 4 (birth)";
        }

        if (type == FrameType.Birth ? seq != 0 : seq == 0)
        {
            return type == FrameType.Birth ? $"a birth frame has seq 0, not {seq}" : "seq 0 is reserved for the birth frame";
        }

        if (bodyLength > ProtocolLimits.MaxFrameBodyBytes)
        {
            return $"body of {bodyLength} bytes exceeds {ProtocolLimits.MaxFrameBodyBytes}";
        }

        return macLength == DeviceFrame.MacLength ? null : $"mac must be {DeviceFrame.MacLength} bytes, found {macLength}";
    }

    private static DeviceFrame Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string deviceId = "";
        uint boot = 0, seq = 0;
        ulong type = 0;
        byte[] body = [], mac = [];
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: deviceId = reader.ReadId("device id (key 1)"); break;
                case 2: boot = reader.ReadUInt32("boot (key 2)"); break;
                case 3: seq = reader.ReadUInt32("seq (key 3)"); break;
                case 4: type = reader.ReadUInt("type (key 4)"); break;
                case 5: body = reader.ReadBytes("body (key 5)", ProtocolLimits.MaxFrameBodyBytes); break;
                case 6: mac = reader.ReadBytes("mac (key 6)", DeviceFrame.MacLength); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "device id");
        keys.Require(2, "boot");
        keys.Require(3, "seq");
        keys.Require(4, "type");
        keys.Require(5, "body");
        keys.Require(6, "mac");
        var frameType = type is >= 1 and <= 4 ? (FrameType)type : (FrameType)0;
        if (Check(frameType, seq, body.Length, mac.Length) is { } problem)
        {
            throw CborFields.Invalid(What, type is >= 1 and <= 4 ? problem : $"type {type} is not 1, 2, 3 or 4");
        }

        return new DeviceFrame(deviceId, boot, seq, frameType, body, mac);
    }
}
