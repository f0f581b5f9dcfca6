using System.Security.Cryptography;
using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Tests.Support;
using ProtocolFrameType = EdgeCompute.Protocol.Frames.FrameType;

namespace EdgeCompute.Protocol.Tests;

/// <summary>The firmware core's own CBOR writer and MAC against this library's decoders (the two meet only in bytes).</summary>
public class FirmwareInteropTests
{
    [Fact]
    public void Firmware_window_summary_decodes_and_matches_the_reference_aggregation()
    {
        var random = Seeds.Create();
        var channels = new[] { new ChannelDescription("temp", "Cel", -2), new ChannelDescription("rh", "", 0) };
        var writer = new WindowSummaryWriter("dev-0001", channels);
        var aggregators = new[] { new WindowAggregator(), new WindowAggregator() };
        var samples = new[] { new List<long>(), new List<long>() };
        for (var i = 0; i < 300; i++)
        {
            var c = random.Next(2);
            var value = random.Next(-50_000, 50_000);
            aggregators[c].Add(value);
            samples[c].Add(value);
        }

        var buffer = new byte[Decoding.ProtocolLimits.MaxFrameBodyBytes];
        var output = new CborEncoder(buffer);
        writer.Write(output, aggregators, 1_764_000_000_500, 60_000);
        var body = buffer.AsSpan(0, output.Length).ToArray();

        var summary = DecodeAssert.Ok(WindowSummaryCodec.Decode(body));
        Assert.Equal(1_764_000_000_500, summary.WindowStartMs);
        Assert.Equal(ChannelSummary.FromSamples("temp", "Cel", -2, samples[0].ToArray()), summary.Channels[0]);
        Assert.Equal(ChannelSummary.FromSamples("rh", "", 0, samples[1].ToArray()), summary.Channels[1]);
        Assert.Equal(body, WindowSummaryCodec.Encode(summary));
    }

    [Fact]
    public void Firmware_sealed_frames_verify_here()
    {
        var key = Samples.DeviceKey;
        var sealer = new FrameSealer("dev-0001", key);
        var body = new byte[] { 0x80 };
        var buffer = new byte[256];

        var output = new CborEncoder(buffer);
        Assert.True(sealer.Seal(3, 17, (int)ProtocolFrameType.WindowSummary, body, 0, body.Length, null, 0, output));
        var frame = DecodeAssert.Ok(Frames.DeviceFrameCodec.Decode(buffer.AsSpan(0, output.Length).ToArray()));
        Assert.True(Frames.DeviceFrameMac.Verify(frame, key));

        var assignment = Tasks.TaskAssignmentCodec.Encode(Samples.Assignment());
        output = new CborEncoder(buffer);
        Assert.True(sealer.Seal(3, 18, (int)ProtocolFrameType.Result, body, 0, body.Length, SHA256.HashData(assignment), 0, output));
        var result = DecodeAssert.Ok(Frames.DeviceFrameCodec.Decode(buffer.AsSpan(0, output.Length).ToArray()));
        Assert.True(Frames.DeviceFrameMac.Verify(result, key, assignment));
    }
}
