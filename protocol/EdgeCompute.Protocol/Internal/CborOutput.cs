using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Internal;

/// <summary>Writers for our messages: definite lengths, shortest integer encodings, one root item.</summary>
internal static class CborOutput
{
    public static CborWriter Create() =>
        new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    /// <summary>Writes a decimal fraction <c>4([exponent, mantissa])</c> exactly as given (no normalisation).</summary>
    public static void WriteDecimalFraction(this CborWriter writer, long exponent, long mantissa)
    {
        writer.WriteTag(CborTag.DecimalFraction);
        writer.WriteStartArray(2);
        writer.WriteInt64(exponent);
        writer.WriteInt64(mantissa);
        writer.WriteEndArray();
    }
}
