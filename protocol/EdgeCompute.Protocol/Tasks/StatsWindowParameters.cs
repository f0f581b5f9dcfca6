using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>stats.window</c> params: <c>[values]</c>, 1 to 4,096 integers that fit in 32 bits.</summary>
/// <param name="Values">The values to summarise.</param>
public sealed record StatsWindowParameters(IReadOnlyList<int> Values) : KernelParameters
{
    /// <inheritdoc/>
    public override string Kernel => KernelNames.StatsWindow;

    internal override string? Check() =>
        Values is null || Values.Count is 0 or > ProtocolLimits.MaxRawSamplesPerChannel
            ? $"needs 1 to {ProtocolLimits.MaxRawSamplesPerChannel} values"
            : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(1);
        writer.WriteStartArray(Values.Count);
        foreach (var value in Values)
        {
            writer.WriteInt32(value);
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
    }
}
