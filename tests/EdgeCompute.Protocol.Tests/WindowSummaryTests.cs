using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class WindowSummaryTests
{
    private const string SpecExample =
        "85a521696465762d303030312f221a69248100006a74656d702f636f756e7402183c06183ca4006874656d702f6d696e016343656c02c48221" +
        "1908f306183ca4006874656d702f6d6178016343656c02c4822119090d06183ca4006974656d702f6d65616e016343656c02c4822119090006" +
        "183ca3006874656d702f76617202c482231914c906183c";

    private static WindowSummary SpecSummary() =>
        new("dev-0001", 1_764_000_000_000, 60_000, [new ChannelSummary("temp", "Cel", -2, 60, 2291, 2317, 2304, 5321)]);

    [Fact]
    public void Encodes_the_spec_example_byte_for_byte()
    {
        Assert.Equal(SpecExample, Hex.Of(WindowSummaryCodec.Encode(SpecSummary())));
    }

    [Fact]
    public void Decodes_the_spec_example()
    {
        var summary = DecodeAssert.Ok(WindowSummaryCodec.Decode(Hex.Bytes(SpecExample)));
        Assert.Equal("dev-0001", summary.SourceId);
        Assert.Equal(1_764_000_000_000, summary.WindowStartMs);
        Assert.Equal(60_000, summary.WindowLengthMs);
        Assert.Equal(SpecSummary().Channels[0], Assert.Single(summary.Channels));
    }

    [Fact]
    public void Round_trips_fractional_times_and_several_channels()
    {
        var summary = Samples.Summary() with { WindowStartMs = 1_764_000_000_250, WindowLengthMs = 1_500 };
        var bytes = WindowSummaryCodec.Encode(summary);
        var decoded = DecodeAssert.Ok(WindowSummaryCodec.Decode(bytes));
        Assert.Equal((summary.SourceId, summary.WindowStartMs, summary.WindowLengthMs), (decoded.SourceId, decoded.WindowStartMs, decoded.WindowLengthMs));
        Assert.Equal(summary.Channels, decoded.Channels);
        Assert.Equal(bytes, WindowSummaryCodec.Encode(decoded));
    }

    [Fact]
    public void Writes_exponent_zero_as_plain_integers()
    {
        var bytes = WindowSummaryCodec.Encode(new WindowSummary("d", 0, 1000, [new ChannelSummary("c", "", 0, 1, 5, 5, 5, 0)]));
        Assert.DoesNotContain((byte)0xc4, bytes);
    }

    [Theory]
    [InlineData("a521696465762d303030312f221a69248100006a74656d702f636f756e7402183c06183c", "a521696465762d303030312f006a74656d702f636f756e74221a6924810002183c06183c", DecodeErrorCode.KeyOutOfOrder)]
    [InlineData("016343656c02c48221", "016343656c02c48222", DecodeErrorCode.InvalidValue)]
    [InlineData("02c482231914c9", "02c482221914c9", DecodeErrorCode.InvalidValue)]
    [InlineData("6a74656d702f636f756e7402183c06183c", "6a74656d702f636f756e7402183c06183d", DecodeErrorCode.InvalidValue)]
    [InlineData("a3006874656d702f76617202", "a4006874656d702f76617201614302", DecodeErrorCode.UnexpectedKey)]
    [InlineData("221a69248100", "22c482221b0000019ab697e800", DecodeErrorCode.InvalidValue)]
    [InlineData("6a74656d702f636f756e7402183c", "6a74656d702f636f756e7402c48221183c", DecodeErrorCode.WrongType)]
    [InlineData("6974656d702f6d65616e", "6974656d702f6d65616f", DecodeErrorCode.InvalidValue)]
    public void Rejects_packs_that_break_the_spec(string find, string replace, DecodeErrorCode code)
    {
        var hex = SpecExample.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(SpecExample, hex);
        DecodeAssert.Fails(WindowSummaryCodec.Decode(Hex.Bytes(hex)), code);
    }

    [Fact]
    public void Rejects_mean_outside_min_and_max()
    {
        Assert.Throws<ArgumentException>(() => WindowSummaryCodec.Encode(SpecSummary() with { Channels = [new ChannelSummary("temp", "Cel", -2, 60, 10, 20, 30, 1)] }));
        var hex = SpecExample.Replace("1909000", "190a000", StringComparison.Ordinal);
        DecodeAssert.Fails(WindowSummaryCodec.Decode(Hex.Bytes(hex)), DecodeErrorCode.InvalidValue);
    }

    [Fact]
    public void Summarises_samples_with_exact_integer_rounding()
    {
        var summary = ChannelSummary.FromSamples("temp", "Cel", -2, [1, 2]);
        Assert.Equal((2L, 1L, 2L, 2L, 0L), (summary.Count, summary.Min, summary.Max, summary.Mean, summary.Variance));
        var negative = ChannelSummary.FromSamples("t", "", 0, [-1, -2]);
        Assert.Equal(-2, negative.Mean);
        var spread = ChannelSummary.FromSamples("t", "", 0, [0, 0, 0, 3]);
        Assert.Equal(1, spread.Mean);
        Assert.Equal(2, spread.Variance); // 27/16 = 1.6875
        Assert.Equal(0, ChannelSummary.FromSamples("t", "", 0, [7]).Variance);
    }

    [Fact]
    public void Counts_readings_per_channel_count()
    {
        Assert.Equal(120, TelemetryReadings.Count(Samples.Summary()));
        Assert.Equal(120, DecodeAssert.Ok(TelemetryReadings.Count(Frames.FrameType.WindowSummary, WindowSummaryCodec.Encode(Samples.Summary()))));
        Assert.Equal(0, DecodeAssert.Ok(TelemetryReadings.Count(Frames.FrameType.Result, Array.Empty<byte>())));
    }
}
