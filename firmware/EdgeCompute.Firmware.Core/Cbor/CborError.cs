namespace EdgeCompute.Firmware.Core.Cbor;

/// <summary>
/// Result codes of <see cref="CborDecoder"/>. Every decode method returns one of these instead of throwing on
/// bad input; <see cref="None"/> means success.
/// </summary>
public static class CborError
{
    /// <summary>Success.</summary>
    public const int None = 0;

    /// <summary>The input ends inside a data item (or a declared length runs past the end).</summary>
    public const int Truncated = 1;

    /// <summary>The next item has a different major type or simple value than the one asked for.</summary>
    public const int WrongType = 2;

    /// <summary>A length or count is larger than the caller's limit or than an <see cref="int"/> holds.</summary>
    public const int TooLong = 3;

    /// <summary>Nesting deeper than the decoder's depth limit.</summary>
    public const int TooDeep = 4;

    /// <summary>An argument was not written in its shortest form (RFC 8949 preferred serialization).</summary>
    public const int NonMinimal = 5;

    /// <summary>An indefinite-length item or a break code; the protocol allows definite lengths only.</summary>
    public const int Indefinite = 6;

    /// <summary>A reserved additional-information value (28 to 30), or an unassigned simple value.</summary>
    public const int Malformed = 7;

    /// <summary>An integer does not fit the requested type.</summary>
    public const int Overflow = 8;

    /// <summary>A text string holds a byte outside ASCII (0x80 or above).</summary>
    public const int NonAscii = 9;

    /// <summary>Bytes remain after the top-level item.</summary>
    public const int TrailingBytes = 10;

    /// <summary>A map key is unknown, repeated or out of the required order.</summary>
    public const int UnexpectedKey = 11;

    /// <summary>A required map key is missing.</summary>
    public const int MissingKey = 12;

    /// <summary>A value is well-formed CBOR but outside the range or rules of its field.</summary>
    public const int InvalidValue = 13;

    /// <summary>The input is larger than the message's size limit.</summary>
    public const int TooLarge = 14;

    /// <summary>Returns a short English name for <paramref name="error"/>, for logs and exception messages.</summary>
    /// <param name="error">One of the constants of this class.</param>
    /// <returns>The constant's name, or <c>Unknown</c>.</returns>
    public static string Name(int error)
    {
        switch (error)
        {
            case None: return "None";
            case Truncated: return "Truncated";
            case WrongType: return "WrongType";
            case TooLong: return "TooLong";
            case TooDeep: return "TooDeep";
            case NonMinimal: return "NonMinimal";
            case Indefinite: return "Indefinite";
            case Malformed: return "Malformed";
            case Overflow: return "Overflow";
            case NonAscii: return "NonAscii";
            case TrailingBytes: return "TrailingBytes";
            case UnexpectedKey: return "UnexpectedKey";
            case MissingKey: return "MissingKey";
            case InvalidValue: return "InvalidValue";
            case TooLarge: return "TooLarge";
            default: return "Unknown";
        }
    }
}
