using System.Formats.Cbor;
using System.Text;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Internal;

/// <summary>Typed field readers over <see cref="CborReader"/> that fail with a <see cref="DecodeFailure"/> naming the field.</summary>
internal static class CborFields
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DecodeFailure Fail(DecodeErrorCode code, string message) => new(code, message);

    public static DecodeFailure WrongType(string field, string expected, CborReaderState found) =>
        new(DecodeErrorCode.WrongType, $"{field}: expected {expected}, found {found}");

    public static DecodeFailure Invalid(string field, string problem) =>
        new(DecodeErrorCode.InvalidValue, $"{field}: {problem}");

    public static ulong ReadUInt(this CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state == CborReaderState.NegativeInteger)
        {
            throw Invalid(field, "must not be negative");
        }

        if (state != CborReaderState.UnsignedInteger)
        {
            throw WrongType(field, "an unsigned integer", state);
        }

        return reader.ReadUInt64();
    }

    public static uint ReadUInt32(this CborReader reader, string field)
    {
        var value = reader.ReadUInt(field);
        return value <= uint.MaxValue ? (uint)value : throw Invalid(field, $"{value} does not fit in 32 bits");
    }

    /// <summary>An unsigned value that must fit in a non-negative <see cref="long"/> (times, counts).</summary>
    public static long ReadUInt63(this CborReader reader, string field)
    {
        var value = reader.ReadUInt(field);
        return value <= long.MaxValue ? (long)value : throw Invalid(field, $"{value} does not fit in 63 bits");
    }

    public static long ReadInt(this CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
        {
            throw WrongType(field, "an integer", state);
        }

        try
        {
            return reader.ReadInt64();
        }
        catch (OverflowException)
        {
            throw Invalid(field, "does not fit in a signed 64-bit integer");
        }
    }

    public static int ReadInt32(this CborReader reader, string field)
    {
        var value = reader.ReadInt(field);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Invalid(field, $"{value} does not fit in 32 bits");
    }

    public static bool ReadBool(this CborReader reader, string field)
    {
        var state = reader.PeekState();
        return state == CborReaderState.Boolean ? reader.ReadBoolean() : throw WrongType(field, "a bool", state);
    }

    public static string ReadText(this CborReader reader, string field, int maxBytes = ProtocolLimits.MaxTextBytes)
    {
        var state = reader.PeekState();
        if (state != CborReaderState.TextString)
        {
            throw WrongType(field, "a text string", state);
        }

        var bytes = reader.ReadDefiniteLengthTextStringBytes().Span;
        if (bytes.Length > maxBytes)
        {
            throw Fail(DecodeErrorCode.LimitExceeded, $"{field}: {bytes.Length} bytes of text, the limit is {maxBytes}");
        }

        try
        {
            return _strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(DecodeErrorCode.Malformed, $"{field}: text is not valid UTF-8");
        }
    }

    public static string ReadId(this CborReader reader, string field)
    {
        var id = reader.ReadText(field);
        return ProtocolId.IsValid(id) ? id : throw Fail(DecodeErrorCode.InvalidId, ProtocolId.Describe(id, field));
    }

    public static byte[] ReadBytes(this CborReader reader, string field, int maxBytes)
    {
        var state = reader.PeekState();
        if (state != CborReaderState.ByteString)
        {
            throw WrongType(field, "a byte string", state);
        }

        var bytes = reader.ReadDefiniteLengthByteString();
        return bytes.Length <= maxBytes
            ? bytes.ToArray()
            : throw Fail(DecodeErrorCode.LimitExceeded, $"{field}: {bytes.Length} bytes, the limit is {maxBytes}");
    }

    public static byte[] ReadBytesExact(this CborReader reader, string field, int length)
    {
        var bytes = reader.ReadBytes(field, int.MaxValue);
        return bytes.Length == length ? bytes : throw Invalid(field, $"must be {length} bytes, found {bytes.Length}");
    }

    /// <summary>Starts a definite array of <paramref name="min"/> to <paramref name="max"/> elements; returns its length.</summary>
    public static int ReadArray(this CborReader reader, string field, int min, int max)
    {
        var state = reader.PeekState();
        if (state != CborReaderState.StartArray)
        {
            throw WrongType(field, "an array", state);
        }

        var length = reader.ReadStartArray() ?? throw Fail(DecodeErrorCode.Indefinite, $"{field}: indefinite-length array");
        if (length > max)
        {
            throw Fail(DecodeErrorCode.LimitExceeded, $"{field}: {length} elements, the limit is {max}");
        }

        return length >= min ? length : throw Invalid(field, $"{length} elements, at least {min} required");
    }

    /// <summary>Starts a definite map; returns its number of entries.</summary>
    public static int ReadMap(this CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state != CborReaderState.StartMap)
        {
            throw WrongType(field, "a map", state);
        }

        return reader.ReadStartMap() ?? throw Fail(DecodeErrorCode.Indefinite, $"{field}: indefinite-length map");
    }
}
