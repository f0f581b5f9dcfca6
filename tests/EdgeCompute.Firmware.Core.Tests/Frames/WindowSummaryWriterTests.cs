using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Core.Tests.Cbor;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class WindowSummaryWriterTests
{
    private static readonly ChannelDescription[] Channels =
    [
        new("temp", "Cel", -2),
        new("hum", "%RH", -1),
        new("count", string.Empty, 0),
    ];

    private static WindowAggregator[] Aggregate(params int[][] values)
    {
        var aggregators = new WindowAggregator[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            aggregators[c] = new WindowAggregator();
            foreach (var v in values[c])
            {
                aggregators[c].Add(v);
            }
        }

        return aggregators;
    }

    private static (string Diagnostic, int Readings) Write(WindowSummaryWriter writer, WindowAggregator[] aggregators, long start, long length)
    {
        var encoder = new CborEncoder(new byte[3584]);
        var readings = writer.Write(encoder, aggregators, start, length);
        Assert.False(encoder.HasOverflowed);
        return (readings == 0 ? string.Empty : CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length), readings);
    }

    [Fact]
    public void Writes_the_spec_pack_layout_for_one_channel()
    {
        int[] temp = [2291, 2317, 2304, 2299, 2310, 2305];
        var writer = new WindowSummaryWriter("dev-0001", [Channels[0]]);
        var (diagnostic, readings) = Write(writer, Aggregate(temp), 1764000000000, 60000);

        Assert.Equal(6, readings);
        Assert.Equal(
            "[{-2: \"dev-0001/\", -3: 1764000000, 0: \"temp/count\", 2: 6, 6: 60}, "
            + "{0: \"temp/min\", 1: \"Cel\", 2: 4([-2, 2291]), 6: 60}, "
            + "{0: \"temp/max\", 1: \"Cel\", 2: 4([-2, 2317]), 6: 60}, "
            + "{0: \"temp/mean\", 1: \"Cel\", 2: 4([-2, " + SenmlExpectation.Mean(temp) + "]), 6: 60}, "
            + "{0: \"temp/var\", 2: 4([-4, " + SenmlExpectation.Variance(temp) + "]), 6: 60}]",
            diagnostic);
    }

    [Fact]
    public void Writes_every_channel_in_order_with_plain_integers_for_exponent_zero()
    {
        var seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine("seed " + seed);
        var random = new Random(seed);
        var values = new int[3][];
        for (var c = 0; c < 3; c++)
        {
            values[c] = Enumerable.Range(0, random.Next(1, 200)).Select(_ => random.Next(-100000, 100000)).ToArray();
        }

        var writer = new WindowSummaryWriter("dev-0001", Channels);
        var (diagnostic, readings) = Write(writer, Aggregate(values), 1764000000000, 60000);

        Assert.Equal(values.Sum(v => v.Length), readings);
        Assert.Equal(
            "[" + SenmlExpectation.Channel("dev-0001/", 1764000000000, 60000, "temp", "Cel", -2, values[0]) + ", "
            + SenmlExpectation.Channel(null, 0, 60000, "hum", "%RH", -1, values[1]) + ", "
            + SenmlExpectation.Channel(null, 0, 60000, "count", string.Empty, 0, values[2]) + "]",
            diagnostic);
    }

    [Fact]
    public void Leaves_out_channels_without_samples_and_puts_base_fields_on_the_first_written()
    {
        int[] hum = [455, 460];
        var writer = new WindowSummaryWriter("dev-0001", Channels);
        var (diagnostic, readings) = Write(writer, Aggregate([], hum, []), 1764000000000, 60000);

        Assert.Equal(2, readings);
        Assert.Equal("[" + SenmlExpectation.Channel("dev-0001/", 1764000000000, 60000, "hum", "%RH", -1, hum) + "]", diagnostic);
    }

    [Fact]
    public void Writes_nothing_when_no_channel_has_samples()
    {
        var writer = new WindowSummaryWriter("dev-0001", Channels);
        var encoder = new CborEncoder(new byte[64]);
        Assert.Equal(0, writer.Write(encoder, Aggregate([], [], []), 0, 60000));
        Assert.Equal(0, encoder.Length);
    }

    [Fact]
    public void Writes_senml_times_as_seconds_when_whole_else_as_milliseconds_decimal_fraction()
    {
        int[] one = [5];
        var writer = new WindowSummaryWriter("d", [Channels[2]]);
        var (diagnostic, _) = Write(writer, Aggregate(one), 1764000000500, 1500);
        Assert.StartsWith("[{-2: \"d/\", -3: 4([-3, 1764000000500]), 0: \"count/count\", 2: 1, 6: 4([-3, 1500])}", diagnostic);
        Assert.Contains("{0: \"count/var\", 2: 0, 6: 4([-3, 1500])}", diagnostic);
    }

    [Fact]
    public void Writing_a_window_allocates_nothing()
    {
        var writer = new WindowSummaryWriter("dev-0001", Channels);
        var aggregators = Aggregate([1, 2, 3], [4, 5], [6]);
        var encoder = new CborEncoder(new byte[3584]);
        writer.Write(encoder, aggregators, 1764000000000, 60000);

        Allocations.AssertNone(
            i =>
            {
                encoder.Reset();
                writer.Write(encoder, aggregators, 1764000000000 + i, 60000);
            },
            calls: 100);
    }
}
