using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class DeviceFrameTests
{
    private static readonly byte[] _mac = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Encodes_the_spec_example_byte_for_byte()
    {
        var frame = new DeviceFrame("dev-0001", 3, 17, FrameType.WindowSummary, new byte[] { 0x80 }, _mac);
        Assert.Equal(
            "a601686465762d30303031020303110401054180065820000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            Hex.Of(DeviceFrameCodec.Encode(frame)));
    }

    [Theory]
    [InlineData(FrameType.WindowSummary, 1u)]
    [InlineData(FrameType.RawSamples, 2u)]
    [InlineData(FrameType.Result, uint.MaxValue)]
    [InlineData(FrameType.Birth, 0u)]
    public void Round_trips_every_frame_type(FrameType type, uint seq)
    {
        var frame = new DeviceFrame("dev-0001", uint.MaxValue, seq, type, new byte[ProtocolLimits.MaxFrameBodyBytes], _mac);
        var bytes = DeviceFrameCodec.Encode(frame);
        var decoded = DecodeAssert.Ok(DeviceFrameCodec.Decode(bytes));
        Assert.Equal((frame.DeviceId, frame.Boot, frame.Seq, frame.Type), (decoded.DeviceId, decoded.Boot, decoded.Seq, decoded.Type));
        Assert.Equal(frame.Body.ToArray(), decoded.Body.ToArray());
        Assert.Equal(_mac, decoded.Mac.ToArray());
        Assert.Equal(bytes, DeviceFrameCodec.Encode(decoded));
    }

    [Fact]
    public void Rejects_birth_with_nonzero_seq_and_data_frame_with_seq_zero()
    {
        Assert.Throws<ArgumentException>(() => DeviceFrameCodec.Encode(new DeviceFrame("dev-1", 1, 1, FrameType.Birth, new byte[1], _mac)));
        Assert.Throws<ArgumentException>(() => DeviceFrameCodec.Encode(new DeviceFrame("dev-1", 1, 0, FrameType.RawSamples, new byte[1], _mac)));

        // {1:"d",2:1,3:0,4:1,5:h'',6:h'00'*32} — a data frame with seq 0
        var bytes = Hex.Bytes("a6 01 61 64 02 01 03 00 04 01 05 40 06 5820" + new string('0', 64));
        DecodeAssert.Fails(DeviceFrameCodec.Decode(bytes), DecodeErrorCode.InvalidValue);
    }

    [Fact]
    public void Rejects_oversized_body_and_payload()
    {
        Assert.Throws<ArgumentException>(() => DeviceFrameCodec.Encode(new DeviceFrame("dev-1", 1, 1, FrameType.RawSamples, new byte[ProtocolLimits.MaxFrameBodyBytes + 1], _mac)));
        DecodeAssert.Fails(DeviceFrameCodec.Decode(new byte[ProtocolLimits.MaxDevicePayloadBytes + 1]), DecodeErrorCode.LimitExceeded);
    }

    [Fact]
    public void Names_the_bad_id_and_the_rule()
    {
        var bytes = Hex.Bytes("a6 01 63 446576 02 01 03 01 04 01 05 40 06 5820" + new string('0', 64));
        var error = DecodeAssert.Fails(DeviceFrameCodec.Decode(bytes), DecodeErrorCode.InvalidId);
        Assert.Contains("\"Dev\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(ProtocolId.Rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_mac_of_wrong_length()
    {
        var bytes = Hex.Bytes("a6 01 61 64 02 01 03 01 04 01 05 40 06 5810" + new string('0', 32));
        DecodeAssert.Fails(DeviceFrameCodec.Decode(bytes), DecodeErrorCode.InvalidValue);
        Assert.Throws<ArgumentException>(() => DeviceFrameMac.Compute(new byte[16], "d", 1, 1, FrameType.RawSamples, []));
    }
}
