using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class RawSamplesTests
{
    private const string Vector = "81a8016474656d70026343656c0321041b0000019ab697e800051903e80603071908f308420201";

    [Fact]
    public void Encodes_a_small_channel_byte_for_byte()
    {
        var channel = new RawSampleChannel("temp", "Cel", -2, 1_764_000_000_000, 1000, [2291, 2292, 2291]);
        Assert.Equal(Vector, Hex.Of(RawSamplesCodec.Encode([channel])));
        var decoded = Assert.Single(DecodeAssert.Ok(RawSamplesCodec.Decode(Hex.Bytes(Vector))));
        Assert.Equal([2291L, 2292, 2291], decoded.Values);
    }

    [Fact]
    public void Round_trips_random_walks()
    {
        var random = Seeds.Create();
        for (var round = 0; round < 200; round++)
        {
            var count = random.Next(1, 300);
            var values = new long[count];
            values[0] = random.NextInt64(long.MinValue / 4, long.MaxValue / 4);
            for (var i = 1; i < count; i++)
            {
                values[i] = values[i - 1] + random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
            }

            var channels = new[] { new RawSampleChannel("ch", "hPa", random.Next(-5, 5), random.NextInt64(0, long.MaxValue), random.Next(1, 10_000), values) };
            var decoded = Assert.Single(DecodeAssert.Ok(RawSamplesCodec.Decode(RawSamplesCodec.Encode(channels))));
            Assert.Equal(values, decoded.Values);
            Assert.Equal(count, TelemetryReadings.Count([decoded]));
        }
    }

    [Fact]
    public void Round_trips_several_channels_and_counts_their_readings()
    {
        var channels = Samples.RawChannels();
        var decoded = DecodeAssert.Ok(RawSamplesCodec.Decode(RawSamplesCodec.Encode(channels)));
        Assert.Equal(channels.Select(c => c.Values), decoded.Select(c => c.Values));
        Assert.Equal(7, TelemetryReadings.Count(decoded));
        Assert.Equal(7, DecodeAssert.Ok(TelemetryReadings.Count(Frames.FrameType.RawSamples, RawSamplesCodec.Encode(channels))));
    }

    [Theory]
    [InlineData("420201", "4102", "ends with one varint for two deltas")]
    [InlineData("420201", "43020101", "holds an extra varint")]
    [InlineData("420201", "420281", "ends inside a varint")]
    [InlineData("420201", "4b02ffffffffffffffffff7f", "overflows 64 bits")]
    [InlineData("420201", "43028000", "uses a redundant zero byte")]
    public void Rejects_bad_delta_strings(string find, string replace, string because)
    {
        var hex = Vector.Replace(find, replace, StringComparison.Ordinal);
        var error = DecodeAssert.Fails(RawSamplesCodec.Decode(Hex.Bytes(hex)), DecodeErrorCode.InvalidValue);
        Assert.Contains("deltas", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(because));
    }

    [Fact]
    public void Rejects_count_above_the_limit_and_zero_interval()
    {
        Assert.Throws<ArgumentException>(() => RawSamplesCodec.Encode([new RawSampleChannel("c", "", 0, 0, 1, new long[4097])]));
        Assert.Throws<ArgumentException>(() => RawSamplesCodec.Encode([new RawSampleChannel("c", "", 0, 0, 0, [1])]));
        DecodeAssert.Fails(RawSamplesCodec.Decode(Hex.Bytes(Vector.Replace("051903e8", "0500", StringComparison.Ordinal))), DecodeErrorCode.InvalidValue);
        DecodeAssert.Fails(RawSamplesCodec.Decode(Hex.Bytes(Vector.Replace("0603", "06191001", StringComparison.Ordinal))), DecodeErrorCode.InvalidValue);
    }

    [Fact]
    public void Rejects_negative_t0()
    {
        DecodeAssert.Fails(RawSamplesCodec.Decode(Hex.Bytes(Vector.Replace("041b0000019ab697e800", "0420", StringComparison.Ordinal))), DecodeErrorCode.InvalidValue);
    }
}
