using System.Buffers.Binary;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>Merges sensor query outputs (32 bytes each: windows, readings, mean mantissa, exponent as little-endian i64).</summary>
internal static class SensorQueryMerge
{
    public const int OutputBytes = 32;

    public static JobMergeResult Merge(IReadOnlyList<TaskOutput> outputs)
    {
        var rows = new SensorQueryRow[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Bytes is not { } bytes || outputs[i].Kernel is not null)
            {
                return JobMergeResult.WrongType(i, "wasm output (bytes)");
            }

            if (bytes.Length != OutputBytes)
            {
                return Bad(i, $"{bytes.Length} bytes; a sum-windows output is {OutputBytes}");
            }

            var windows = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            var readings = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
            var mean = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
            var exponent = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24));
            if (windows < 0 || readings < 0 || exponent is < int.MinValue or > int.MaxValue || (readings == 0 && mean != 0))
            {
                return Bad(i, $"windows {windows}, readings {readings}, mean {mean}, exponent {exponent} are not a sum-windows answer");
            }

            rows[i] = new SensorQueryRow(outputs[i].NodeId, windows, readings, mean, (int)exponent);
        }

        Int128 total = 0, weighted = 0;
        int? shared = null;
        foreach (var row in rows.Where(r => r.Readings > 0))
        {
            if (shared is { } e && e != row.Exponent)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.MixedExponents, $"gateway {row.GatewayId} reports exponent {row.Exponent}, others {e}");
            }

            shared = row.Exponent;
            total += row.Readings;
            weighted += (Int128)row.MeanMantissa * row.Readings;
        }

        if (total > long.MaxValue)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.BadSensorOutput, $"{total} readings in all do not fit a 64-bit count");
        }

        var overall = total == 0 ? 0 : (long)DivideRoundingHalfAwayFromZero(weighted, total);
        return JobMergeResult.Success(new SensorQueryJobResult(rows, (long)total, overall, shared ?? 0));
    }

    /// <summary>n / d rounded half away from zero; d &gt; 0.</summary>
    internal static Int128 DivideRoundingHalfAwayFromZero(Int128 n, Int128 d)
    {
        var quotient = Int128.DivRem(n, d);
        return 2 * Int128.Abs(quotient.Remainder) >= d ? quotient.Quotient + Int128.Sign(n) : quotient.Quotient;
    }

    private static JobMergeResult Bad(int index, string why) =>
        JobMergeResult.Fail(JobMergeReasonCode.BadSensorOutput, $"task {index}: {why}");
}
