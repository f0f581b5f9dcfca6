using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>A device frame envelope, decoded for assertions.</summary>
internal sealed record DecodedFrame(string DeviceId, uint Boot, uint Seq, int Type, byte[] Body, byte[] Mac)
{
    public static DecodedFrame Parse(byte[] frame)
    {
        var d = new CborDecoder();
        d.Reset(frame, 0, frame.Length);
        Assert.Equal(CborError.None, d.ReadMapHeader(out var pairs));
        Assert.Equal(6, pairs);
        Key(d, 1);
        Assert.Equal(CborError.None, d.ReadText(32, out var id));
        Key(d, 2);
        Assert.Equal(CborError.None, d.ReadUInt32(out var boot));
        Key(d, 3);
        Assert.Equal(CborError.None, d.ReadUInt32(out var seq));
        Key(d, 4);
        Assert.Equal(CborError.None, d.ReadUInt(out var type));
        Key(d, 5);
        Assert.Equal(CborError.None, d.ReadBytes(out var bodyOffset, out var bodyLength));
        Key(d, 6);
        Assert.Equal(CborError.None, d.ReadBytes(out var macOffset, out var macLength));
        Assert.Equal(32, macLength);
        Assert.Equal(CborError.None, d.ReadEnd());
        return new DecodedFrame(id!, boot, seq, (int)type, frame[bodyOffset..(bodyOffset + bodyLength)], frame[macOffset..(macOffset + 32)]);
    }

    private static void Key(CborDecoder d, ulong expected)
    {
        Assert.Equal(CborError.None, d.ReadUInt(out var key));
        Assert.Equal(expected, key);
    }
}
