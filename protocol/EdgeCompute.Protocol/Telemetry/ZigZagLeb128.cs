namespace EdgeCompute.Protocol.Telemetry;

/// <summary>Zigzag-mapped LEB128 varints for raw-sample deltas: <c>(d &lt;&lt; 1) ^ (d &gt;&gt; 63)</c>, 7 bits a byte, low bits first.</summary>
internal static class ZigZagLeb128
{
    public static void Write(List<byte> output, long delta)
    {
        var value = (ulong)((delta << 1) ^ (delta >> 63));
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    /// <summary>Reads one varint at <paramref name="position"/>; returns a problem or null.</summary>
    public static string? TryRead(ReadOnlySpan<byte> input, ref int position, out long delta)
    {
        delta = 0;
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= input.Length)
            {
                return "the deltas end inside a varint";
            }

            var b = input[position++];
            if (shift == 63 && b > 1)
            {
                return "a varint overflows 64 bits";
            }

            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && shift > 0)
                {
                    return "a varint has a redundant zero byte (not the shortest encoding)";
                }

                delta = (long)(value >> 1) ^ -(long)(value & 1);
                return null;
            }
        }
    }
}
