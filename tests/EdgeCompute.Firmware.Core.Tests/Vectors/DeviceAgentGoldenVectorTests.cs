using EdgeCompute.Firmware.Core.Agent;

using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Firmware.Core.Tests.Vectors;

/// <summary>
/// The DeviceAgent itself, fed the manifest's samples and the Protocol-written assignments, publishes exactly the
/// golden frames (birth seq 0, window summary seq 1, results seq 2 to 5; raw samples seq 1 after a reboot into raw
/// mode). In write mode the comparison is against the frames re-created by <see cref="FirmwareVectorBuilder"/>.
/// </summary>
public sealed class DeviceAgentGoldenVectorTests
{
    private static VectorManifest M => VectorManifest.Instance;

    [Fact]
    public void DeviceAgent_publishes_the_golden_birth_summary_and_result_frames()
    {
        var assignments = M.Frames.Where(f => f.Kind == "result").OrderBy(f => f.Seq)
            .Select(f => (Kernel: f.Expected.Kernel!, Bytes: VectorFiles.ReadAssignment(f.Assignment!))).ToList();
        var run = new AgentRun(rawSamples: false, boot: M.Device.Boot, assignments.Count);

        run.SampleWholeWindow();
        foreach (var (_, bytes) in assignments)
        {
            Assert.True(run.Agent.OnTaskMessage(bytes, 0, bytes.Length));
        }

        run.CloseWindowAndRunTasks(assignments.Count);

        var birth = run.Transport.On("/birth").ToList();
        Assert.Single(birth);
        Same(M.Frame("birth").File, birth[0], () => FirmwareVectorBuilder.Birth(M));
        Same(M.Frame("window_summary").File, run.Transport.On("/tel").First(), () => FirmwareVectorBuilder.WindowSummary(M));
        var results = run.Transport.On("/res").ToList();
        Assert.Equal(assignments.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var (kernel, bytes) = assignments[i];
            Same(M.ResultFrame(kernel).File, results[i], () => FirmwareVectorBuilder.Result(M, kernel, bytes));
        }
    }

    [Fact]
    public void DeviceAgent_in_raw_mode_publishes_the_golden_raw_sample_frame()
    {
        var run = new AgentRun(rawSamples: true, boot: M.RawSamples.Boot, tasks: 1);

        run.SampleWholeWindow();
        run.CloseWindowAndRunTasks(0);

        Same(M.Frame("raw_samples").File, run.Transport.On("/tel").First(), () => FirmwareVectorBuilder.RawSamples(M));
    }

    private static void Same(string file, byte[] published, Func<byte[]> rebuild)
    {
        var golden = VectorFiles.WriteMode ? rebuild() : VectorFiles.ReadFrame(file);
        VectorFiles.AssertSameBytes(file, golden, published, "DeviceAgent");
    }

    /// <summary>An agent on a fake clock, sensors replaying the manifest's samples, and a recording transport.</summary>
    private sealed class AgentRun
    {
        private readonly Clock _clock = new() { Now = M.Window.StartMs };

        public AgentRun(bool rawSamples, uint boot, int tasks)
        {
            var options = new DeviceAgentOptions
            {
                DeviceId = M.Device.Id,
                Key = M.Key,
                SampleIntervalMs = M.Window.SampleIntervalMs,
                WindowLengthMs = (int)M.Window.LengthMs,
                RawSamples = rawSamples,
                TaskQueueCapacity = tasks,
                Platform = M.Device.Platform,
                RamBytes = (long)M.Device.RamBytes,
                CpuMhz = (int)M.Device.CpuMhz,
            };
            Agent = new DeviceAgent(options, Transport, _clock, new Sensors(), new BootCounter(boot - 1));
        }

        public DeviceAgent Agent { get; }

        public Transport Transport { get; } = new();

        /// <summary>Start at the window's start, then one tick per sample interval up to its last sample.</summary>
        public void SampleWholeWindow()
        {
            Agent.Start();
            Agent.Tick();
            for (var i = 1; i < M.Window.SamplesPerChannel; i++)
            {
                _clock.Now += M.Window.SampleIntervalMs;
                Agent.Tick();
            }
        }

        /// <summary>The tick at the window's end seals the window and runs one task; each later tick runs one more.</summary>
        public void CloseWindowAndRunTasks(int tasks)
        {
            _clock.Now = M.Window.StartMs + M.Window.LengthMs;
            Agent.Tick();
            for (var i = 1; i < tasks; i++)
            {
                _clock.Now += M.Window.SampleIntervalMs;
                Agent.Tick();
            }
        }
    }

    private sealed class Clock : IDeviceClock
    {
        public long Now { get; set; }

        public long UtcMilliseconds => Now;
    }

    private sealed class BootCounter(uint stored) : IBootCounter
    {
        private uint _stored = stored;

        public uint NextBoot() => ++_stored;
    }

    /// <summary>Replays window.samples per channel; reads past the window repeat the last sample (they land in the next window).</summary>
    private sealed class Sensors : ISensorArray
    {
        private readonly int[] _reads = new int[M.Channels.Count];

        public int ChannelCount => M.Channels.Count;

        public string ChannelName(int channel) => M.Channels[channel].Name;

        public string Unit(int channel) => M.Channels[channel].Unit;

        public int Exponent(int channel) => M.Channels[channel].Exponent;

        public bool TryRead(int channel, out int value)
        {
            var samples = M.SamplesOf(M.Channels[channel].Name);
            value = samples[Math.Min(_reads[channel]++, samples.Length - 1)];
            return true;
        }
    }

    private sealed class Transport : IDeviceTransport
    {
        private readonly List<(string Topic, byte[] Payload)> _published = [];

        public bool IsConnected => true;

        public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            _published.Add((topic, payload[offset..(offset + count)]));
            return true;
        }

        public IEnumerable<byte[]> On(string suffix) =>
            _published.Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal)).Select(m => m.Payload);
    }
}
