using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

/// <summary>The conventions every decoder shares (docs/protocol.md, "Conventions"), shown on the device frame.</summary>
public class StrictDecodingTests
{
    private const string Mac = "5820" + "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("a6 0161 64 0201 0301 0401 0540 06" + Mac, null)]
    [InlineData("a7 0161 64 0201 0301 0401 0540 06" + Mac + " 0700", DecodeErrorCode.UnexpectedKey)]
    [InlineData("a5 0161 64 0201 0301 0401 06" + Mac, DecodeErrorCode.MissingKey)]
    [InlineData("a6 0161 64 0201 0201 0401 0540 06" + Mac, DecodeErrorCode.DuplicateKey)]
    [InlineData("a6 0161 64 0301 0201 0401 0540 06" + Mac, DecodeErrorCode.KeyOutOfOrder)]
    [InlineData("bf 0161 64 0201 0301 0401 0540 06" + Mac + " ff", DecodeErrorCode.Indefinite)]
    [InlineData("a6 017f6164ff 0201 0301 0401 0540 06" + Mac, DecodeErrorCode.Indefinite)]
    [InlineData("a6 0161 64 0220 0301 0401 0540 06" + Mac, DecodeErrorCode.InvalidValue)]
    [InlineData("a6 0161 64 02f5 0301 0401 0540 06" + Mac, DecodeErrorCode.WrongType)]
    [InlineData("a6 0161 64 021b0000000100000000 0301 0401 0540 06" + Mac, DecodeErrorCode.InvalidValue)]
    [InlineData("a6 0161 64 0201 0301 0401 0540 06" + Mac + " 00", DecodeErrorCode.TrailingBytes)]
    [InlineData("a6 0161 64 0201 0301 0401 0540 06 5820 00", DecodeErrorCode.Truncated)]
    [InlineData("a6 0162 ff fe 0201 0301 0401 0540 06" + Mac, DecodeErrorCode.Malformed)]
    [InlineData("a6 0161 64 0201 0301 0401 0540 1c", DecodeErrorCode.Malformed)]
    [InlineData("a6 0161 64 0201 0301 0401 0540 6161 00", DecodeErrorCode.WrongType)]
    [InlineData("a6 01 7841 " + "6161616161616161616161616161616161616161616161616161616161616161" + "6161616161616161616161616161616161616161616161616161616161616161" + "61 0201 0301 0401 0540 06" + Mac, DecodeErrorCode.LimitExceeded)]
    [InlineData("81 81 81 81 81 81 81 81 81 00", DecodeErrorCode.TooDeep)]
    [InlineData("", DecodeErrorCode.Truncated)]
    [InlineData("9b ffffffffffffffff", DecodeErrorCode.Truncated)]
    public void Decoders_are_strict(string hex, DecodeErrorCode? expected)
    {
        var result = DeviceFrameCodec.Decode(Hex.Bytes(hex));
        if (expected is null)
        {
            DecodeAssert.Ok(result);
        }
        else
        {
            DecodeAssert.Fails(result, expected.Value);
        }
    }

    [Fact]
    public void Errors_read_well()
    {
        var error = DecodeAssert.Fails(DeviceFrameCodec.Decode(Hex.Bytes("a5 0161 64 0201 0301 0401 06" + Mac)), DecodeErrorCode.MissingKey);
        Assert.Equal("MissingKey: device frame: key 5 (body) is missing", error.ToString());
        Assert.Throws<InvalidOperationException>(() => DeviceFrameCodec.Decode(Array.Empty<byte>()).Value);
    }
}
