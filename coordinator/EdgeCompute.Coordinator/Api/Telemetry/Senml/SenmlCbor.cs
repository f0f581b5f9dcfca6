using System.Formats.Cbor;

namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>
/// SenML's CBOR representation (RFC 8428, section 6): an array of maps keyed by the integer labels <c>bver</c> -1,
/// <c>bn</c> -2, <c>bt</c> -3, <c>bu</c> -4, <c>bv</c> -5, <c>bs</c> -6, <c>n</c> 0, <c>u</c> 1, <c>v</c> 2,
/// <c>vs</c> 3, <c>vb</c> 4, <c>s</c> 5, <c>t</c> 6, <c>ut</c> 7, <c>vd</c> 8, written in the order of
/// <see cref="SenmlJson"/>. Numbers are written exactly: an integer, or a decimal fraction (tag 4, as the protocol's
/// window summaries do); <see cref="Write(IEnumerable{SenmlRecord}, bool)"/> can write doubles instead.
/// </summary>
public static class SenmlCbor
{
    private const int BaseVersion = -1, BaseName = -2, BaseTime = -3, BaseUnit = -4, BaseValue = -5, BaseSum = -6;
    private const int Name = 0, Unit = 1, Value = 2, StringValue = 3, BoolValue = 4, Sum = 5, Time = 6, UpdateTime = 7, DataValue = 8;

    /// <summary>Writes a pack with exact numbers.</summary>
    /// <param name="pack">The records.</param>
    /// <returns>The CBOR bytes.</returns>
    public static byte[] Write(IEnumerable<SenmlRecord> pack) => Write(pack, doubles: false);

    /// <summary>Writes a pack.</summary>
    /// <param name="pack">The records.</param>
    /// <param name="doubles">Write non-integral numbers as doubles (as RFC 8428's examples do) instead of decimal fractions.</param>
    /// <returns>The CBOR bytes.</returns>
    public static byte[] Write(IEnumerable<SenmlRecord> pack, bool doubles)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var records = pack.ToList();
        var cbor = new CborWriter(CborConformanceMode.Lax);
        cbor.WriteStartArray(records.Count);
        foreach (var r in records)
        {
            var fields = new List<(int Label, Action Write)>();
            if (r.BaseName is { } bn) fields.Add((BaseName, () => cbor.WriteTextString(bn)));
            if (r.BaseTime is { } bt) fields.Add((BaseTime, () => Number(cbor, bt, doubles)));
            if (r.BaseUnit is { } bu) fields.Add((BaseUnit, () => cbor.WriteTextString(bu)));
            if (r.BaseValue is { } bv) fields.Add((BaseValue, () => Number(cbor, bv, doubles)));
            if (r.BaseSum is { } bs) fields.Add((BaseSum, () => Number(cbor, bs, doubles)));
            if (r.BaseVersion is { } bver) fields.Add((BaseVersion, () => cbor.WriteInt64(bver)));
            if (r.Name is { } n) fields.Add((Name, () => cbor.WriteTextString(n)));
            if (r.Unit is { } u) fields.Add((Unit, () => cbor.WriteTextString(u)));
            if (r.Value is { } v) fields.Add((Value, () => Number(cbor, v, doubles)));
            if (r.StringValue is { } vs) fields.Add((StringValue, () => cbor.WriteTextString(vs)));
            if (r.BoolValue is { } vb) fields.Add((BoolValue, () => cbor.WriteBoolean(vb)));
            if (r.DataValue is { } vd) fields.Add((DataValue, () => cbor.WriteByteString(vd)));
            if (r.Sum is { } s) fields.Add((Sum, () => Number(cbor, s, doubles)));
            if (r.Time is { } t) fields.Add((Time, () => Number(cbor, t, doubles)));
            if (r.UpdateTime is { } ut) fields.Add((UpdateTime, () => Number(cbor, ut, doubles)));
            cbor.WriteStartMap(fields.Count);
            foreach (var (label, write) in fields)
            {
                cbor.WriteInt32(label);
                write();
            }

            cbor.WriteEndMap();
        }

        cbor.WriteEndArray();
        return cbor.Encode();
    }

    /// <summary>Reads a pack.</summary>
    /// <param name="bytes">The CBOR bytes.</param>
    /// <returns>The records.</returns>
    /// <exception cref="FormatException">Not a SenML CBOR pack.</exception>
    public static IReadOnlyList<SenmlRecord> Read(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var cbor = new CborReader(bytes, CborConformanceMode.Lax);
            var count = cbor.ReadStartArray();
            var pack = new List<SenmlRecord>();
            while (cbor.PeekState() != CborReaderState.EndArray)
            {
                pack.Add(ReadRecord(cbor));
            }

            cbor.ReadEndArray();
            if (cbor.BytesRemaining != 0 || (count is { } n && n != pack.Count))
            {
                throw new FormatException("bytes after the SenML pack");
            }

            return pack;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"not a SenML CBOR pack: {e.Message}", e);
        }
    }

    private static SenmlRecord ReadRecord(CborReader cbor)
    {
        cbor.ReadStartMap();
        var r = new SenmlRecord();
        while (cbor.PeekState() != CborReaderState.EndMap)
        {
            if (cbor.PeekState() == CborReaderState.TextString)
            {
                var label = cbor.ReadTextString();
                if (label.EndsWith('_'))
                {
                    throw new FormatException($"must-understand label \"{label}\" is not supported");
                }

                cbor.SkipValue();
                continue;
            }

            r = cbor.ReadInt32() switch
            {
                BaseName => r with { BaseName = cbor.ReadTextString() },
                BaseTime => r with { BaseTime = ReadNumber(cbor) },
                BaseUnit => r with { BaseUnit = cbor.ReadTextString() },
                BaseValue => r with { BaseValue = ReadNumber(cbor) },
                BaseSum => r with { BaseSum = ReadNumber(cbor) },
                BaseVersion => r with { BaseVersion = cbor.ReadInt64() },
                Name => r with { Name = cbor.ReadTextString() },
                Unit => r with { Unit = cbor.ReadTextString() },
                Value => r with { Value = ReadNumber(cbor) },
                StringValue => r with { StringValue = cbor.ReadTextString() },
                BoolValue => r with { BoolValue = cbor.ReadBoolean() },
                DataValue => r with { DataValue = cbor.ReadByteString() },
                Sum => r with { Sum = ReadNumber(cbor) },
                Time => r with { Time = ReadNumber(cbor) },
                UpdateTime => r with { UpdateTime = ReadNumber(cbor) },
                _ => Skip(cbor, r),
            };
        }

        cbor.ReadEndMap();
        return r;
    }

    private static SenmlRecord Skip(CborReader cbor, SenmlRecord r)
    {
        cbor.SkipValue(); // an extension label (RFC 8428, section 4.4)
        return r;
    }

    private static void Number(CborWriter cbor, decimal value, bool doubles)
    {
        if (value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue)
        {
            cbor.WriteInt64((long)value);
        }
        else if (doubles)
        {
            cbor.WriteDouble((double)value);
        }
        else
        {
            // A decimal fraction 4([exponent, mantissa]): exact, as in the protocol's window summaries.
            var scale = value.Scale;
            var mantissa = decimal.Truncate(value * Pow10(scale));
            while (scale > 0 && mantissa % 10 == 0)
            {
                mantissa /= 10;
                scale--;
            }

            cbor.WriteTag(CborTag.DecimalFraction);
            cbor.WriteStartArray(2);
            cbor.WriteInt32(-scale);
            cbor.WriteInt64((long)mantissa);
            cbor.WriteEndArray();
        }
    }

    private static decimal ReadNumber(CborReader cbor)
    {
        switch (cbor.PeekState())
        {
            case CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger:
                return cbor.ReadInt64();
            case CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat:
                return (decimal)cbor.ReadDouble();
            case CborReaderState.Tag when cbor.PeekTag() == CborTag.DecimalFraction:
                cbor.ReadTag();
                if (cbor.ReadStartArray() != 2)
                {
                    throw new FormatException("a decimal fraction is [exponent, mantissa]");
                }

                var exponent = cbor.ReadInt32();
                decimal mantissa = cbor.ReadInt64();
                cbor.ReadEndArray();
                return exponent < 0 ? mantissa / Pow10(-exponent) : mantissa * Pow10(exponent);
            default:
                throw new FormatException($"a SenML number, found {cbor.PeekState()}");
        }
    }

    private static decimal Pow10(int exponent)
    {
        if (exponent is < 0 or > 28)
        {
            throw new FormatException($"decimal exponent {exponent} out of range");
        }

        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
