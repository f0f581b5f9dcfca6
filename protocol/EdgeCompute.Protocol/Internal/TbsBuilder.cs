using System.Buffers;
using System.Buffers.Binary;

namespace EdgeCompute.Protocol.Internal;

/// <summary>
/// Builds a to-be-signed byte string field by field (docs/protocol.md, "Conventions"): a 4-byte ASCII
/// domain tag, then <c>u8</c>, <c>u32be</c>, <c>u64be</c>, <c>str8</c> and <c>bytes32</c> fields.
/// </summary>
internal sealed class TbsBuilder
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public TbsBuilder(string domainTag, int sizeHint = 128)
    {
        _buffer = new ArrayBufferWriter<byte>(sizeHint);
        if (domainTag.Length != 4)
        {
            throw new ArgumentException("a TBS domain tag is 4 ASCII characters", nameof(domainTag));
        }

        Ascii(domainTag);
    }

    public TbsBuilder U8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public TbsBuilder U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public TbsBuilder U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary><c>u8 length || ASCII bytes</c>.</summary>
    public TbsBuilder Str8(string value)
    {
        if (value.Length > 255)
        {
            throw new ArgumentException($"\"{value}\" is longer than 255 characters", nameof(value));
        }

        U8((byte)value.Length);
        return Ascii(value);
    }

    /// <summary><c>u32be length || bytes</c>.</summary>
    public TbsBuilder Bytes32(ReadOnlySpan<byte> value)
    {
        U32((uint)value.Length);
        return Raw(value);
    }

    public TbsBuilder Raw(ReadOnlySpan<byte> value)
    {
        _buffer.Write(value);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private TbsBuilder Ascii(string value)
    {
        var span = _buffer.GetSpan(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            span[i] = c <= 0x7f ? (byte)c : throw new ArgumentException($"\"{value}\" is not ASCII", nameof(value));
        }

        _buffer.Advance(value.Length);
        return this;
    }
}
