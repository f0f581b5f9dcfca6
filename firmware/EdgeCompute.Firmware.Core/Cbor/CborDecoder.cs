using System;

namespace EdgeCompute.Firmware.Core.Cbor;

/// <summary>
/// A strict, pull-style CBOR reader (RFC 8949) over a byte range. Each read returns a <see cref="CborError"/>
/// code instead of throwing; on an error the position does not move. Accepted input is definite-length and
/// in preferred serialization (shortest heads); indefinite lengths, reserved values and non-shortest heads
/// are errors. Every step consumes at least one byte, so no input can make it loop forever.
/// </summary>
/// <remarks>
/// Only <see cref="ReadText"/> allocates (a string, for task ids). Byte strings are returned as an offset
/// and length into the source buffer. The depth limit bounds <see cref="Skip"/>; schema readers that descend
/// with <see cref="ReadArrayHeader"/>/<see cref="ReadMapHeader"/> bound their own depth by their schema.
/// </remarks>
public sealed class CborDecoder
{
    /// <summary>The protocol's CBOR nesting limit (docs/protocol.md, limits).</summary>
    public const int DefaultMaxDepth = 8;

    private readonly ulong[] _pending;
    private readonly int _maxDepth;
    private byte[] _data;
    private int _start;
    private int _position;
    private int _end;

    // Result of the last successful PeekHead.
    private int _major;
    private int _info;
    private ulong _argument;
    private int _headLength;

    /// <summary>Creates a decoder with the protocol's depth limit of <see cref="DefaultMaxDepth"/>.</summary>
    public CborDecoder()
        : this(DefaultMaxDepth)
    {
    }

    /// <summary>Creates a decoder whose <see cref="Skip"/> refuses nesting deeper than <paramref name="maxDepth"/>.</summary>
    /// <param name="maxDepth">The most nested containers (arrays, maps, tags) one skipped item may hold, 1 or more.</param>
    public CborDecoder(int maxDepth)
    {
        if (maxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth));
        }

        _maxDepth = maxDepth;
        _pending = new ulong[maxDepth];
        _data = new byte[0];
    }

    /// <summary>Points the decoder at <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    /// <param name="data">The source buffer; it is read, never copied or changed.</param>
    /// <param name="offset">The first byte of the input.</param>
    /// <param name="length">The input length.</param>
    public void Reset(byte[] data, int offset, int length)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || length < 0 || offset > data.Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "offset/length outside buffer");
        }

        _data = data;
        _start = offset;
        _position = offset;
        _end = offset + length;
    }

    /// <summary>Gets the source buffer.</summary>
    public byte[] Data
    {
        get { return _data; }
    }

    /// <summary>Gets or sets the absolute offset in <see cref="Data"/> of the next byte to read (set to rewind).</summary>
    public int Position
    {
        get
        {
            return _position;
        }

        set
        {
            if (value < _start || value > _end)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            _position = value;
        }
    }

    /// <summary>Gets the absolute offset just past the input.</summary>
    public int End
    {
        get { return _end; }
    }

    /// <summary>Gets how many input bytes are left.</summary>
    public int Remaining
    {
        get { return _end - _position; }
    }

    /// <summary>Gets whether all input has been read.</summary>
    public bool IsAtEnd
    {
        get { return _position >= _end; }
    }

    /// <summary>Reads the major type of the next item without consuming it.</summary>
    /// <param name="majorType">One of <see cref="CborMajorType"/>'s constants.</param>
    /// <returns>An error code; <see cref="CborError.None"/> on success.</returns>
    public int PeekMajorType(out int majorType)
    {
        var error = PeekHead(_position);
        majorType = error == CborError.None ? _major : -1;
        return error;
    }

    /// <summary>Reads an unsigned integer (major type 0); a negative integer is <see cref="CborError.WrongType"/>.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>An error code; <see cref="CborError.None"/> on success.</returns>
    public int ReadUInt(out ulong value)
    {
        value = 0;
        var error = ReadArgument(CborMajorType.UnsignedInteger);
        if (error == CborError.None)
        {
            value = _argument;
        }

        return error;
    }

    /// <summary>Reads an unsigned integer that must fit in 32 bits.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>An error code; <see cref="CborError.Overflow"/> when above <see cref="uint.MaxValue"/>.</returns>
    public int ReadUInt32(out uint value)
    {
        value = 0;
        var error = PeekExpect(CborMajorType.UnsignedInteger);
        if (error != CborError.None)
        {
            return error;
        }

        if (_argument > 0xffffffff)
        {
            return CborError.Overflow;
        }

        value = (uint)_argument;
        _position += _headLength;
        return CborError.None;
    }

    /// <summary>Reads a signed integer (major type 0 or 1) that fits in a <see cref="long"/>.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>An error code; <see cref="CborError.Overflow"/> when outside the range of <see cref="long"/>.</returns>
    public int ReadInt(out long value)
    {
        value = 0;
        var error = PeekHead(_position);
        if (error != CborError.None)
        {
            return error;
        }

        if (_major != CborMajorType.UnsignedInteger && _major != CborMajorType.NegativeInteger)
        {
            return CborError.WrongType;
        }

        if (_argument > 0x7fffffffffffffff)
        {
            return CborError.Overflow;
        }

        value = _major == CborMajorType.UnsignedInteger ? (long)_argument : -1 - (long)_argument;
        _position += _headLength;
        return CborError.None;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>An error code; <see cref="CborError.None"/> on success.</returns>
    public int ReadBool(out bool value)
    {
        value = false;
        var error = PeekHead(_position);
        if (error != CborError.None)
        {
            return error;
        }

        if (_major != CborMajorType.SimpleOrFloat || (_info != 20 && _info != 21))
        {
            return CborError.WrongType;
        }

        value = _info == 21;
        _position += _headLength;
        return CborError.None;
    }

    /// <summary>Reads the head of a definite-length array.</summary>
    /// <param name="count">How many items follow.</param>
    /// <returns>An error code; <see cref="CborError.Truncated"/> when fewer bytes remain than items.</returns>
    public int ReadArrayHeader(out int count)
    {
        count = 0;
        var error = PeekExpect(CborMajorType.Array);
        if (error != CborError.None)
        {
            return error;
        }

        // Every item takes at least one byte, which also keeps the count inside int.
        if (_argument > (ulong)(_end - _position - _headLength))
        {
            return CborError.Truncated;
        }

        count = (int)_argument;
        _position += _headLength;
        return CborError.None;
    }

    /// <summary>Reads the head of a definite-length map.</summary>
    /// <param name="count">How many key/value pairs follow.</param>
    /// <returns>An error code; <see cref="CborError.Truncated"/> when fewer bytes remain than keys and values.</returns>
    public int ReadMapHeader(out int count)
    {
        count = 0;
        var error = PeekExpect(CborMajorType.Map);
        if (error != CborError.None)
        {
            return error;
        }

        if (_argument > (ulong)(_end - _position - _headLength) / 2)
        {
            return CborError.Truncated;
        }

        count = (int)_argument;
        _position += _headLength;
        return CborError.None;
    }

    /// <summary>Reads a tag head; the tagged item follows.</summary>
    /// <param name="tag">The tag number.</param>
    /// <returns>An error code; <see cref="CborError.None"/> on success.</returns>
    public int ReadTag(out ulong tag)
    {
        tag = 0;
        var error = ReadArgument(CborMajorType.Tag);
        if (error == CborError.None)
        {
            tag = _argument;
        }

        return error;
    }

    /// <summary>Reads a byte string without copying it: its content is <c>Data[offset .. offset + length)</c>.</summary>
    /// <param name="offset">Absolute offset of the content in <see cref="Data"/>.</param>
    /// <param name="length">The content length.</param>
    /// <returns>An error code; <see cref="CborError.None"/> on success.</returns>
    public int ReadBytes(out int offset, out int length)
    {
        return ReadString(CborMajorType.ByteString, out offset, out length);
    }

    /// <summary>Reads an ASCII text string without copying it: its bytes are <c>Data[offset .. offset + length)</c>.</summary>
    /// <param name="offset">Absolute offset of the content in <see cref="Data"/>.</param>
    /// <param name="length">The content length in bytes (= characters).</param>
    /// <returns>An error code; <see cref="CborError.NonAscii"/> for a byte of 0x80 or above.</returns>
    public int ReadTextRange(out int offset, out int length)
    {
        var before = _position;
        var error = ReadString(CborMajorType.TextString, out offset, out length);
        if (error != CborError.None)
        {
            return error;
        }

        for (var i = 0; i < length; i++)
        {
            if (_data[offset + i] > 0x7f)
            {
                _position = before;
                offset = 0;
                length = 0;
                return CborError.NonAscii;
            }
        }

        return CborError.None;
    }

    /// <summary>Reads an ASCII text string of at most <paramref name="maxLength"/> bytes into a new string.</summary>
    /// <param name="maxLength">The longest text accepted.</param>
    /// <param name="value">The text read, or <c>null</c> on error.</param>
    /// <returns>An error code; <see cref="CborError.TooLong"/> above <paramref name="maxLength"/>.</returns>
    public int ReadText(int maxLength, out string? value)
    {
        value = null;
        var before = _position;
        var error = ReadTextRange(out var offset, out var length);
        if (error != CborError.None)
        {
            return error;
        }

        if (length > maxLength)
        {
            _position = before;
            return CborError.TooLong;
        }

        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)_data[offset + i];
        }

        value = new string(chars);
        return CborError.None;
    }

    /// <summary>Skips the next complete data item, whatever it is, within the depth limit.</summary>
    /// <returns>An error code; <see cref="CborError.TooDeep"/> past the depth limit.</returns>
    public int Skip()
    {
        var position = _position;
        var depth = 0;
        while (true)
        {
            var error = PeekHead(position);
            if (error != CborError.None)
            {
                return error;
            }

            position += _headLength;
            var available = (ulong)(_end - position);
            var children = 0UL;
            switch (_major)
            {
                case CborMajorType.ByteString:
                case CborMajorType.TextString:
                    if (_argument > available)
                    {
                        return CborError.Truncated;
                    }

                    position += (int)_argument;
                    break;
                case CborMajorType.Array:
                    if (_argument > available)
                    {
                        return CborError.Truncated;
                    }

                    children = _argument;
                    break;
                case CborMajorType.Map:
                    if (_argument > available / 2)
                    {
                        return CborError.Truncated;
                    }

                    children = _argument * 2;
                    break;
                case CborMajorType.Tag:
                    children = 1;
                    break;
            }

            if (children > 0)
            {
                if (depth == _maxDepth)
                {
                    return CborError.TooDeep;
                }

                _pending[depth++] = children;
                continue;
            }

            // One item finished: count it against every container it completes.
            while (depth > 0)
            {
                _pending[depth - 1]--;
                if (_pending[depth - 1] != 0)
                {
                    break;
                }

                depth--;
            }

            if (depth == 0)
            {
                _position = position;
                return CborError.None;
            }
        }
    }

    /// <summary>Checks that no bytes follow the top-level item.</summary>
    /// <returns><see cref="CborError.None"/> at the end of the input, otherwise <see cref="CborError.TrailingBytes"/>.</returns>
    public int ReadEnd()
    {
        return _position == _end ? CborError.None : CborError.TrailingBytes;
    }

    /// <summary>Compares an ASCII byte range with a string, without allocating.</summary>
    /// <param name="data">The buffer holding the bytes.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="text">The text to compare with.</param>
    /// <returns>Whether the bytes spell exactly <paramref name="text"/>.</returns>
    public static bool AsciiEquals(byte[] data, int offset, int length, string text)
    {
        if (data == null || text == null || text.Length != length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (data[offset + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private int ReadString(int majorType, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        var error = PeekExpect(majorType);
        if (error != CborError.None)
        {
            return error;
        }

        if (_argument > (ulong)(_end - _position - _headLength))
        {
            return CborError.Truncated;
        }

        offset = _position + _headLength;
        length = (int)_argument;
        _position = offset + length;
        return CborError.None;
    }

    private int ReadArgument(int majorType)
    {
        var error = PeekExpect(majorType);
        if (error == CborError.None)
        {
            _position += _headLength;
        }

        return error;
    }

    private int PeekExpect(int majorType)
    {
        var error = PeekHead(_position);
        if (error != CborError.None)
        {
            return error;
        }

        return _major == majorType ? CborError.None : CborError.WrongType;
    }

    // Decodes the head at position into _major/_info/_argument/_headLength without moving.
    private int PeekHead(int position)
    {
        if (position >= _end)
        {
            return CborError.Truncated;
        }

        var initial = _data[position];
        var major = initial >> 5;
        var info = initial & 0x1f;
        _major = major;
        _info = info;
        if (info < 24)
        {
            _argument = (ulong)info;
            _headLength = 1;
            if (major == CborMajorType.SimpleOrFloat && info < 20)
            {
                return CborError.Malformed; // unassigned simple values
            }

            return CborError.None;
        }

        if (info >= 28)
        {
            if (info == 31 && major != CborMajorType.UnsignedInteger && major != CborMajorType.NegativeInteger
                && major != CborMajorType.Tag)
            {
                return CborError.Indefinite;
            }

            return CborError.Malformed;
        }

        var size = 1 << (info - 24);
        if (size > _end - position - 1)
        {
            return CborError.Truncated;
        }

        ulong argument = 0;
        for (var i = 1; i <= size; i++)
        {
            argument = (argument << 8) | _data[position + i];
        }

        _argument = argument;
        _headLength = 1 + size;
        if (major == CborMajorType.SimpleOrFloat)
        {
            // 24: a one-byte simple value, never used by the protocol; 25..27: half, single, double floats.
            return info == 24 ? CborError.Malformed : CborError.None;
        }

        if (CborEncoder.HeadLength(argument) != _headLength)
        {
            return CborError.NonMinimal;
        }

        return CborError.None;
    }
}
