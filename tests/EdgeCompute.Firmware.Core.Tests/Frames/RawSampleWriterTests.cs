using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Core.Tests.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class RawSampleWriterTests
{
    private static readonly ChannelDescription[] Channels = [new("temp", "Cel", -2), new("press", "hPa", -1)];

    // Independent zigzag LEB128 encoding from the spec's definition.
    private static string Deltas(int[] samples)
    {
        var bytes = new List<byte>();
        for (var i = 1; i < samples.Length; i++)
        {
            long d = (long)samples[i] - samples[i - 1];
            var z = (ulong)((d << 1) ^ (d >> 63));
            do
            {
                var b = (byte)(z & 0x7f);
                z >>= 7;
                bytes.Add(z != 0 ? (byte)(b | 0x80) : b);
            }
            while (z != 0);
        }

        return "h'" + Convert.ToHexString([.. bytes]).ToLowerInvariant() + "'";
    }

    private static string Record(string name, string unit, int e, long t0, int interval, int[] samples) =>
        "{1: \"" + name + "\", 2: \"" + unit + "\", 3: " + e + ", 4: " + t0 + ", 5: " + interval + ", 6: " + samples.Length
        + ", 7: " + samples[0] + ", 8: " + Deltas(samples) + "}";

    [Fact]
    public void Writes_one_record_per_channel_with_zigzag_leb128_deltas()
    {
        int[] temp = [2291, 2291, 2292, 2290, 2293, 2291 + 100000, int.MinValue, int.MaxValue];
        int[] press = [10132, 10131];
        var writer = new RawSampleWriter(Channels, 16, 1000);
        for (var i = 0; i < temp.Length; i++)
        {
            Assert.True(writer.TryAdd(0, 1764000000000 + (i * 1000L), temp[i]));
            if (i < press.Length)
            {
                Assert.True(writer.TryAdd(1, 1764000000000 + (i * 1000L), press[i]));
            }
        }

        var encoder = new CborEncoder(new byte[3584]);
        Assert.Equal(10, writer.Write(encoder));
        Assert.True(encoder.Length <= writer.BodyLengthBound);
        Assert.Equal(
            "[" + Record("temp", "Cel", -2, 1764000000000, 1000, temp) + ", " + Record("press", "hPa", -1, 1764000000000, 1000, press) + "]",
            CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length));
    }

    [Fact]
    public void Matches_the_spec_example_deltas()
    {
        // 2291, then deltas +1, 0, -1, -2, +2 -> zigzag 02 00 01 03 04
        var writer = new RawSampleWriter([Channels[0]], 8, 1000);
        int[] samples = [2291, 2292, 2292, 2291, 2289, 2291];
        for (var i = 0; i < samples.Length; i++)
        {
            writer.TryAdd(0, 1764000000000 + (i * 1000L), samples[i]);
        }

        var encoder = new CborEncoder(new byte[256]);
        writer.Write(encoder);
        Assert.EndsWith("8: h'0200010304'}]", CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length));
    }

    [Fact]
    public void Leaves_out_channels_without_samples()
    {
        var writer = new RawSampleWriter(Channels, 4, 500);
        writer.TryAdd(1, 1000, 7);
        var encoder = new CborEncoder(new byte[256]);
        Assert.Equal(1, writer.Write(encoder));
        Assert.Equal("[" + Record("press", "hPa", -1, 1000, 500, [7]) + "]", CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length));
    }

    [Fact]
    public void Refuses_a_sample_that_breaks_the_spacing_or_exceeds_capacity()
    {
        var writer = new RawSampleWriter(Channels, 3, 1000);
        Assert.True(writer.TryAdd(0, 5000, 1));
        Assert.False(writer.TryAdd(0, 7000, 2));
        Assert.False(writer.TryAdd(0, 5000, 2));
        Assert.True(writer.TryAdd(0, 6000, 2));
        Assert.True(writer.TryAdd(0, 7000, 3));
        Assert.False(writer.TryAdd(0, 8000, 4));
        Assert.Equal(3, writer.Readings);

        writer.Reset();
        Assert.True(writer.IsEmpty);
        Assert.True(writer.TryAdd(0, 8000, 4));
    }

    [Fact]
    public void Refuses_a_sample_that_would_push_the_body_past_the_limit()
    {
        var writer = new RawSampleWriter([Channels[0]], 4096, 1);
        var t = 0L;
        var value = 0;
        while (writer.TryAdd(0, t, value))
        {
            t++;
            value = value == 0 ? int.MaxValue : 0;
        }

        var encoder = new CborEncoder(new byte[3584]);
        writer.Write(encoder);
        Assert.False(encoder.HasOverflowed);
        Assert.True(encoder.Length > 3500);
    }
}
