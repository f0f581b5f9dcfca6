using System.Formats.Cbor;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>SenML times in seconds: an integer when whole, otherwise <c>4([-3, milliseconds])</c>.</summary>
internal static class SenmlTime
{
    public static void Write(CborWriter writer, long milliseconds)
    {
        if (milliseconds % 1000 == 0)
        {
            writer.WriteInt64(milliseconds / 1000);
        }
        else
        {
            writer.WriteDecimalFraction(-3, milliseconds);
        }
    }

    /// <summary>Reads a non-negative SenML time as milliseconds; rejects a fraction that should have been an integer.</summary>
    public static long Read(CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state == CborReaderState.UnsignedInteger)
        {
            var seconds = reader.ReadUInt(field);
            return seconds <= long.MaxValue / 1000
                ? (long)seconds * 1000
                : throw CborFields.Invalid(field, $"{seconds} s is out of range");
        }

        if (state != CborReaderState.Tag)
        {
            throw CborFields.WrongType(field, "a non-negative SenML time (integer or 4([-3, ms]))", state);
        }

        var (exponent, mantissa) = SenmlValue.ReadDecimalFraction(reader, field);
        if (exponent != -3 || mantissa < 0)
        {
            throw CborFields.Invalid(field, $"a fractional SenML time is 4([-3, non-negative ms]), found 4([{exponent}, {mantissa}])");
        }

        return mantissa % 1000 != 0
            ? mantissa
            : throw CborFields.Invalid(field, $"whole seconds ({mantissa} ms) must be written as an integer");
    }
}
