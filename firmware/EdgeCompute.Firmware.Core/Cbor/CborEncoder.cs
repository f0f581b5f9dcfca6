using System;

namespace EdgeCompute.Firmware.Core.Cbor;

/// <summary>
/// A small CBOR writer (RFC 8949) over a caller-supplied buffer, using preferred serialization: every head is
/// written in its shortest form and every length is definite. It allocates nothing.
/// </summary>
/// <remarks>
/// The encoder never writes past its capacity. A write that does not fit sets <see cref="HasOverflowed"/>,
/// writes nothing, and every later write is ignored, so the caller finishes its message, sees the flag once,
/// and drops (and counts) the frame instead of checking every call.
/// </remarks>
public sealed class CborEncoder
{
    /// <summary>Tag number of a decimal fraction, <c>4([exponent, mantissa])</c> (RFC 8949 section 3.4.4).</summary>
    public const ulong DecimalFractionTag = 4;

    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly int _end;
    private int _position;
    private bool _overflowed;

    /// <summary>Creates an encoder that writes into the whole of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The destination buffer, owned by the caller.</param>
    public CborEncoder(byte[] buffer)
        : this(buffer, 0, buffer == null ? 0 : buffer.Length)
    {
    }

    /// <summary>Creates an encoder that writes at most <paramref name="capacity"/> bytes from <paramref name="offset"/>.</summary>
    /// <param name="buffer">The destination buffer, owned by the caller.</param>
    /// <param name="offset">Where the first byte goes.</param>
    /// <param name="capacity">The most bytes this encoder may write.</param>
    public CborEncoder(byte[] buffer, int offset, int capacity)
    {
        if (buffer == null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "offset/capacity outside buffer");
        }

        _buffer = buffer;
        _start = offset;
        _end = offset + capacity;
        _position = offset;
    }

    /// <summary>Gets the destination buffer.</summary>
    public byte[] Buffer
    {
        get { return _buffer; }
    }

    /// <summary>Gets the offset in <see cref="Buffer"/> of the first byte written.</summary>
    public int Offset
    {
        get { return _start; }
    }

    /// <summary>Gets the most bytes this encoder may write.</summary>
    public int Capacity
    {
        get { return _end - _start; }
    }

    /// <summary>Gets how many bytes have been written since construction or the last <see cref="Reset"/>.</summary>
    public int Length
    {
        get { return _position - _start; }
    }

    /// <summary>Gets whether a write did not fit; the output is then incomplete and must be dropped.</summary>
    public bool HasOverflowed
    {
        get { return _overflowed; }
    }

    /// <summary>Discards everything written and clears <see cref="HasOverflowed"/>.</summary>
    public void Reset()
    {
        _position = _start;
        _overflowed = false;
    }

    /// <summary>Writes an unsigned integer (major type 0).</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt(ulong value)
    {
        WriteHead(CborMajorType.UnsignedInteger, value);
    }

    /// <summary>Writes a signed integer: major type 0 when non-negative, otherwise major type 1.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt(long value)
    {
        if (value >= 0)
        {
            WriteHead(CborMajorType.UnsignedInteger, (ulong)value);
        }
        else
        {
            // -1 - value, computed without overflow for long.MinValue.
            WriteHead(CborMajorType.NegativeInteger, (ulong)(-(value + 1)));
        }
    }

    /// <summary>Writes the simple value <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteBool(bool value)
    {
        WriteByte(value ? (byte)0xf5 : (byte)0xf4);
    }

    /// <summary>Writes the simple value <c>null</c>.</summary>
    public void WriteNull()
    {
        WriteByte(0xf6);
    }

    /// <summary>Writes a byte string (major type 2) holding a copy of the given bytes.</summary>
    /// <param name="data">The source buffer.</param>
    /// <param name="offset">The first byte to write.</param>
    /// <param name="count">How many bytes to write.</param>
    public void WriteBytes(byte[] data, int offset, int count)
    {
        CheckRange(data, offset, count);
        if (!Fits(HeadLength((ulong)count) + count))
        {
            return;
        }

        WriteHead(CborMajorType.ByteString, (ulong)count);
        Array.Copy(data, offset, _buffer, _position, count);
        _position += count;
    }

    /// <summary>
    /// Writes only the head of a byte string of <paramref name="length"/> bytes; the caller then writes exactly
    /// that many bytes with <see cref="WriteRaw"/> or <see cref="WriteRawByte"/>.
    /// </summary>
    /// <param name="length">The byte string's length.</param>
    public void WriteBytesHeader(int length)
    {
        CheckCount(length);
        WriteHead(CborMajorType.ByteString, (ulong)length);
    }

    /// <summary>Writes a text string (major type 3). Only ASCII is accepted.</summary>
    /// <param name="value">The text; every character must be below U+0080.</param>
    /// <exception cref="ArgumentException">The text holds a non-ASCII character.</exception>
    public void WriteText(string value)
    {
        if (value == null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        var length = value.Length;
        for (var i = 0; i < length; i++)
        {
            if (value[i] > (char)0x7f)
            {
                throw new ArgumentException("text not ASCII", nameof(value));
            }
        }

        if (!Fits(HeadLength((ulong)length) + length))
        {
            return;
        }

        WriteHead(CborMajorType.TextString, (ulong)length);
        for (var i = 0; i < length; i++)
        {
            _buffer[_position++] = (byte)value[i];
        }
    }

    /// <summary>Writes the head of an array of <paramref name="count"/> items (major type 4).</summary>
    /// <param name="count">How many items follow.</param>
    public void WriteArrayHeader(int count)
    {
        CheckCount(count);
        WriteHead(CborMajorType.Array, (ulong)count);
    }

    /// <summary>Writes the head of a map of <paramref name="count"/> key/value pairs (major type 5).</summary>
    /// <param name="count">How many pairs follow.</param>
    public void WriteMapHeader(int count)
    {
        CheckCount(count);
        WriteHead(CborMajorType.Map, (ulong)count);
    }

    /// <summary>Writes a tag head (major type 6); the caller then writes the tagged item.</summary>
    /// <param name="tag">The tag number.</param>
    public void WriteTag(ulong tag)
    {
        WriteHead(CborMajorType.Tag, tag);
    }

    /// <summary>Writes the decimal fraction <c>4([exponent, mantissa])</c>, meaning mantissa × 10^exponent.</summary>
    /// <param name="exponent">The decimal exponent.</param>
    /// <param name="mantissa">The integer mantissa.</param>
    public void WriteDecimalFraction(int exponent, long mantissa)
    {
        WriteTag(DecimalFractionTag);
        WriteArrayHeader(2);
        WriteInt(exponent);
        WriteInt(mantissa);
    }

    /// <summary>Copies bytes that are already encoded (or the content of a <see cref="WriteBytesHeader"/>).</summary>
    /// <param name="data">The source buffer.</param>
    /// <param name="offset">The first byte to copy.</param>
    /// <param name="count">How many bytes to copy.</param>
    public void WriteRaw(byte[] data, int offset, int count)
    {
        CheckRange(data, offset, count);
        if (!Fits(count))
        {
            return;
        }

        Array.Copy(data, offset, _buffer, _position, count);
        _position += count;
    }

    /// <summary>Writes one byte as is (content of a <see cref="WriteBytesHeader"/>, or an encoded byte).</summary>
    /// <param name="value">The byte.</param>
    public void WriteRawByte(byte value)
    {
        WriteByte(value);
    }

    /// <summary>Returns how many bytes the shortest head with argument <paramref name="argument"/> takes.</summary>
    /// <param name="argument">The head's argument (value, length, count or tag).</param>
    /// <returns>1, 2, 3, 5 or 9.</returns>
    public static int HeadLength(ulong argument)
    {
        if (argument < 24)
        {
            return 1;
        }

        if (argument <= 0xff)
        {
            return 2;
        }

        if (argument <= 0xffff)
        {
            return 3;
        }

        return argument <= 0xffffffff ? 5 : 9;
    }

    /// <summary>Returns how many bytes <see cref="WriteInt"/> writes for <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>1, 2, 3, 5 or 9.</returns>
    public static int IntLength(long value)
    {
        return HeadLength(value >= 0 ? (ulong)value : (ulong)(-(value + 1)));
    }

    private void WriteHead(int majorType, ulong argument)
    {
        var size = HeadLength(argument);
        if (!Fits(size))
        {
            return;
        }

        var initial = (byte)(majorType << 5);
        var b = _buffer;
        var p = _position;
        switch (size)
        {
            case 1:
                b[p] = (byte)(initial | (byte)argument);
                break;
            case 2:
                b[p] = (byte)(initial | 24);
                b[p + 1] = (byte)argument;
                break;
            case 3:
                b[p] = (byte)(initial | 25);
                b[p + 1] = (byte)(argument >> 8);
                b[p + 2] = (byte)argument;
                break;
            case 5:
                b[p] = (byte)(initial | 26);
                b[p + 1] = (byte)(argument >> 24);
                b[p + 2] = (byte)(argument >> 16);
                b[p + 3] = (byte)(argument >> 8);
                b[p + 4] = (byte)argument;
                break;
            default:
                b[p] = (byte)(initial | 27);
                for (var i = 0; i < 8; i++)
                {
                    b[p + 1 + i] = (byte)(argument >> (56 - (8 * i)));
                }

                break;
        }

        _position = p + size;
    }

    private void WriteByte(byte value)
    {
        if (Fits(1))
        {
            _buffer[_position++] = value;
        }
    }

    private bool Fits(int count)
    {
        if (_overflowed)
        {
            return false;
        }

        if (count > _end - _position)
        {
            _overflowed = true;
            return false;
        }

        return true;
    }

    private static void CheckCount(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
    }

    private static void CheckRange(byte[] data, int offset, int count)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "offset/count outside buffer");
        }
    }
}
