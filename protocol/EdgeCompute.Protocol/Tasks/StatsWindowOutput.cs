using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>stats.window</c> output: <c>[count, min, max, mean, var]</c>, the same integer aggregation as telemetry windows (exponent 0).</summary>
/// <param name="Count">Values summarised.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Mean">sum / count rounded half away from zero.</param>
/// <param name="Variance">Population variance rounded half away from zero.</param>
public sealed record StatsWindowOutput(long Count, long Min, long Max, long Mean, long Variance) : KernelOutput
{
    internal override string? Check() => Count >= 0 ? null : "count must not be negative";

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(5);
        writer.WriteInt64(Count);
        writer.WriteInt64(Min);
        writer.WriteInt64(Max);
        writer.WriteInt64(Mean);
        writer.WriteInt64(Variance);
        writer.WriteEndArray();
    }
}
