using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Firmware.Core.Tests.Vectors;

/// <summary>
/// Re-creates every firmware-written vector from the manifest with the firmware core's real writers, in the
/// order the DeviceAgent uses them: body into a CborEncoder, then FrameSealer.Seal into a second encoder.
/// </summary>
internal static class FirmwareVectorBuilder
{
    public static ChannelDescription[] Channels(VectorManifest m) =>
        m.Channels.Select(c => new ChannelDescription(c.Name, c.Unit, c.Exponent)).ToArray();

    public static byte[] Birth(VectorManifest m)
    {
        var frame = m.Frame("birth");
        return Seal(m, frame, body => BirthBodyWriter.Write(
            body,
            m.Device.FirmwareVersion,
            m.Device.Platform,
            m.Device.Kernels.ToArray(),
            m.Device.RamBytes,
            m.Device.CpuMhz,
            Channels(m)));
    }

    /// <summary>The window's samples through one WindowAggregator per channel into WindowSummaryWriter.</summary>
    public static byte[] WindowSummary(VectorManifest m)
    {
        var frame = m.Frame("window_summary");
        var aggregators = Aggregate(m);
        var writer = new WindowSummaryWriter(m.Device.Id, Channels(m));
        return Seal(m, frame, body =>
        {
            var readings = writer.Write(body, aggregators, m.Window.StartMs, m.Window.LengthMs);
            Assert.Equal(frame.Expected.Readings, readings);
        });
    }

    public static WindowAggregator[] Aggregate(VectorManifest m)
    {
        var aggregators = m.Channels.Select(_ => new WindowAggregator()).ToArray();

        // Sample by sample, all channels per slot, as the agent samples.
        for (var i = 0; i < m.Window.SamplesPerChannel; i++)
        {
            for (var c = 0; c < m.Channels.Count; c++)
            {
                aggregators[c].Add(m.SamplesOf(m.Channels[c].Name)[i]);
            }
        }

        return aggregators;
    }

    /// <summary>The same samples through RawSampleWriter (capacity as the agent sizes it: samples per window + 1).</summary>
    public static byte[] RawSamples(VectorManifest m)
    {
        var frame = m.Frame("raw_samples");
        var raw = m.RawSamples;
        var perWindow = (int)(m.Window.LengthMs / raw.IntervalMs) + 1;
        var writer = new RawSampleWriter(Channels(m), perWindow, raw.IntervalMs);
        for (var i = 0; i < m.Window.SamplesPerChannel; i++)
        {
            for (var c = 0; c < m.Channels.Count; c++)
            {
                Assert.True(writer.TryAdd(c, raw.T0Ms + ((long)i * raw.IntervalMs), m.SamplesOf(m.Channels[c].Name)[i]));
            }
        }

        return Seal(m, frame, body =>
        {
            var readings = writer.Write(body);
            Assert.Equal(frame.Expected.Readings, readings);
        });
    }

    /// <summary>
    /// Runs the Protocol-written assignment bytes the way the agent does: TaskQueue (TaskAssignmentReader + SHA-256 of
    /// the exact bytes), TaskRunner, ResultBodyWriter, then FrameSealer with the assignment hash.
    /// </summary>
    public static byte[] Result(VectorManifest m, string kernel, byte[] assignmentBytes)
    {
        var frame = m.ResultFrame(kernel);
        var queue = new TaskQueue(m.Device.Id, 1);
        Assert.True(queue.TryAdd(assignmentBytes, 0, assignmentBytes.Length), $"TaskQueue refused {frame.Assignment}: CborError {queue.LastError}");
        var task = queue.PeekHead()!;
        var output = new KernelOutput();
        new TaskRunner().Run(task, RunAtMs(m), output);
        return Seal(m, frame, body => ResultBodyWriter.Write(body, task, output), task.AssignmentHash);
    }

    /// <summary>When the results are computed: the end of the window (before every deadline).</summary>
    public static long RunAtMs(VectorManifest m) => m.Window.StartMs + m.Window.LengthMs;

    private static byte[] Seal(VectorManifest m, ManifestFrame frame, Action<CborEncoder> writeBody, byte[]? assignmentHash = null)
    {
        var bodyBuffer = new byte[ProtocolLimits.MaxFrameBody];
        var body = new CborEncoder(bodyBuffer);
        writeBody(body);
        Assert.False(body.HasOverflowed, $"{frame.File}: body over {ProtocolLimits.MaxFrameBody} bytes");

        var frameBuffer = new byte[ProtocolLimits.MaxDevicePayload];
        var output = new CborEncoder(frameBuffer);
        var sealer = new FrameSealer(m.Device.Id, m.Key);
        Assert.True(sealer.Seal(frame.Boot, frame.Seq, frame.Type, bodyBuffer, 0, body.Length, assignmentHash, 0, output), $"{frame.File}: frame did not fit");
        return frameBuffer[..output.Length];
    }
}
