using System.Buffers.Binary;
using System.Text;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>The input of a sum-windows task (examples/sum-windows.md): i64 from_ms, i64 to_ms (little-endian), the channel in ASCII.</summary>
public static class SensorQueryInput
{
    /// <summary>Encodes the input of every task of a sensor query (all gateways get the same input).</summary>
    /// <param name="spec">The query; its channel must be ASCII.</param>
    /// <returns>16 + channel-length bytes.</returns>
    public static byte[] Encode(SensorQueryJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = new byte[16 + Encoding.ASCII.GetByteCount(spec.Channel)];
        BinaryPrimitives.WriteInt64LittleEndian(input, spec.FromMs);
        BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(8), spec.ToMs);
        Encoding.ASCII.GetBytes(spec.Channel, input.AsSpan(16));
        return input;
    }
}
