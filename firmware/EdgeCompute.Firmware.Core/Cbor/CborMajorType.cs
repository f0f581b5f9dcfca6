namespace EdgeCompute.Firmware.Core.Cbor;

/// <summary>The eight CBOR major types (RFC 8949 section 3.1), as plain integer constants.</summary>
public static class CborMajorType
{
    /// <summary>Major type 0: an unsigned integer.</summary>
    public const int UnsignedInteger = 0;

    /// <summary>Major type 1: a negative integer, -1 - n.</summary>
    public const int NegativeInteger = 1;

    /// <summary>Major type 2: a byte string.</summary>
    public const int ByteString = 2;

    /// <summary>Major type 3: a UTF-8 text string (ASCII only in this core).</summary>
    public const int TextString = 3;

    /// <summary>Major type 4: an array of data items.</summary>
    public const int Array = 4;

    /// <summary>Major type 5: a map of pairs of data items.</summary>
    public const int Map = 5;

    /// <summary>Major type 6: a tag number followed by one data item.</summary>
    public const int Tag = 6;

    /// <summary>Major type 7: simple values (false, true, null, ...) and floating-point numbers.</summary>
    public const int SimpleOrFloat = 7;
}
