using System.Formats.Cbor;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>SenML <c>v</c> values: a plain integer for exponent 0, otherwise <c>4([exponent, mantissa])</c> with the exponent as given.</summary>
internal static class SenmlValue
{
    public static void Write(CborWriter writer, long exponent, long mantissa)
    {
        if (exponent == 0)
        {
            writer.WriteInt64(mantissa);
        }
        else
        {
            writer.WriteDecimalFraction(exponent, mantissa);
        }
    }

    /// <summary>Reads a value; returns its exponent (0 for a plain integer) and mantissa.</summary>
    public static (long Exponent, long Mantissa) Read(CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
        {
            return (0, reader.ReadInt(field));
        }

        if (state != CborReaderState.Tag)
        {
            throw CborFields.WrongType(field, "an integer or a decimal fraction", state);
        }

        var (exponent, mantissa) = ReadDecimalFraction(reader, field);
        return exponent != 0
            ? (exponent, mantissa)
            : throw CborFields.Invalid(field, "exponent 0 must be written as a plain integer");
    }

    public static (long Exponent, long Mantissa) ReadDecimalFraction(CborReader reader, string field)
    {
        var tag = reader.ReadTag();
        if (tag != CborTag.DecimalFraction)
        {
            throw CborFields.Invalid(field, $"tag {(ulong)tag} is not 4 (decimal fraction)");
        }

        reader.ReadArray(field, 2, 2);
        var exponent = reader.ReadInt($"{field} exponent");
        var mantissa = reader.ReadInt($"{field} mantissa");
        reader.ReadEndArray();
        return (exponent, mantissa);
    }
}
