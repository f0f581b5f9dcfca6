using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Firmware.Core.Tests.Cbor;
using EdgeCompute.Firmware.Core.Tests.Frames;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

public sealed class DeviceAgentTests
{
    private const long T0 = 1764000000000; // a multiple of every window length used here
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1)).ToArray();

    private readonly FakeClock _clock = new(T0);
    private readonly FakeTransport _transport = new();
    private readonly FakeBootCounter _boots = new(6);
    private FakeSensors _sensors = FakeSensors.Weather();

    private static DeviceAgentOptions Options(Action<DeviceAgentOptions>? change = null)
    {
        var options = new DeviceAgentOptions
        {
            DeviceId = "dev-0001",
            Key = Key,
            SampleIntervalMs = 1000,
            WindowLengthMs = 10000,
            Platform = "sim",
            RamBytes = 520000,
            CpuMhz = 240,
        };
        change?.Invoke(options);
        return options;
    }

    private DeviceAgent Agent(Action<DeviceAgentOptions>? change = null) =>
        new(Options(change), _transport, _clock, _sensors, _boots);

    // The platform loop ticks right after Start, so the first sample is taken at the start time.
    private void Begin(DeviceAgent agent)
    {
        agent.Start();
        agent.Tick();
    }

    private void RunUntil(DeviceAgent agent, long endMs, long stepMs = 1000)
    {
        while (_clock.Now + stepMs <= endMs)
        {
            _clock.Now += stepMs;
            agent.Tick();
        }
    }

    private static DecodedFrame Verified(PublishedMessage message, byte[]? assignment = null)
    {
        var frame = DecodedFrame.Parse(message.Payload);
        var tbs = FrameSealerTests.Tbs(frame.DeviceId, frame.Boot, frame.Seq, frame.Type, frame.Body, assignment);
        Assert.Equal(HMACSHA256.HashData(Key, tbs), frame.Mac);
        return frame;
    }

    [Fact]
    public void Publishes_birth_then_online_retained_before_any_telemetry()
    {
        var agent = Agent();
        Begin(agent);
        RunUntil(agent, T0 + 10000);

        Assert.Equal("ec/v1/d/dev-0001/birth", _transport.Published[0].Topic);
        Assert.True(_transport.Published[0].Retain);
        var birth = Verified(_transport.Published[0]);
        Assert.Equal(("dev-0001", 7u, 0u, FrameType.Birth), (birth.DeviceId, birth.Boot, birth.Seq, birth.Type));
        Assert.Equal(
            "{1: \"" + FirmwareInfo.Version + "\", 2: \"sim\", 3: [\"pow.sha256\", \"mc.pi\", \"primes.count\", \"stats.window\"], "
            + "4: 520000, 5: 240, 6: [[\"temp\", \"Cel\", -2], [\"hum\", \"%RH\", -1], [\"press\", \"hPa\", -1]]}",
            CborDiagnostic.Of(birth.Body));

        Assert.Equal(("ec/v1/d/dev-0001/state", "online", true), (_transport.Published[1].Topic, Ascii(_transport.Published[1].Payload), _transport.Published[1].Retain));
        Assert.Equal("ec/v1/d/dev-0001/tel", _transport.Published[2].Topic);
        Assert.False(_transport.Published[2].Retain);
        Assert.Equal(7u, agent.Boot);
    }

    [Fact]
    public void Seals_a_window_summary_at_each_window_end_with_seq_counting_from_1()
    {
        var agent = Agent();
        Begin(agent);
        var publishedAt = new List<long>();
        for (var i = 0; i < 35; i++)
        {
            var before = _transport.On("/tel").Count();
            _clock.Now += 1000;
            agent.Tick();
            if (_transport.On("/tel").Count() > before)
            {
                publishedAt.Add(_clock.Now);
            }
        }

        Assert.Equal(new[] { T0 + 10000, T0 + 20000, T0 + 30000 }, publishedAt);
        var frames = _transport.On("/tel").Select(m => Verified(m)).ToList();
        Assert.Equal(new uint[] { 1, 2, 3 }, frames.Select(f => f.Seq));
        Assert.All(frames, f => Assert.Equal((7u, FrameType.WindowSummary), (f.Boot, f.Type)));

        // The first window holds the samples taken at T0 .. T0+9000: reads 0..9 of each channel.
        var expected = "[" + string.Join(", ", Enumerable.Range(0, 3).Select(c => SenmlExpectation.Channel(
            c == 0 ? "dev-0001/" : null,
            T0,
            10000,
            _sensors.ChannelName(c),
            _sensors.Unit(c),
            _sensors.Exponent(c),
            Enumerable.Range(0, 10).Select(r => _sensors.ValueAt(c, r)).ToArray()))) + "]";
        Assert.Equal(expected, CborDiagnostic.Of(frames[0].Body));
        Assert.Contains("-3: 1764000010", CborDiagnostic.Of(frames[1].Body), StringComparison.Ordinal);

        Assert.Equal(3u, agent.Seq);
        Assert.Equal(3, agent.FramesSealed);
        Assert.Equal(3, agent.FramesPublished);
        Assert.Equal(36 * 3, agent.ReadingsProduced);
    }

    [Fact]
    public void Counts_readings_but_not_dropouts()
    {
        var agent = Agent();
        Begin(agent);
        _sensors.Dropout[1] = true;
        RunUntil(agent, T0 + 4000);
        _sensors.Dropout[1] = false;
        RunUntil(agent, T0 + 10000);

        Assert.Equal((11 * 3) - 4, agent.ReadingsProduced);
        Assert.Equal(4, agent.SampleDropouts);
        var body = CborDiagnostic.Of(Verified(_transport.On("/tel").Single()).Body);
        Assert.Contains("0: \"temp/count\", 2: 10,", body, StringComparison.Ordinal);
        Assert.Contains("0: \"hum/count\", 2: 6,", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_a_task_and_publishes_a_result_whose_mac_covers_the_assignment_hash()
    {
        var agent = Agent();
        Begin(agent);
        var assignment = AssignmentBytes.Build("job-7-t12", 2, "dev-0001", KernelNames.McPi, AssignmentBytes.UInts(42, 1000), 200000, (ulong)T0 + 60000);

        var payload = new byte[assignment.Length + 10];
        assignment.CopyTo(payload, 5);
        Assert.True(agent.OnTaskMessage(payload, 5, assignment.Length));
        Array.Clear(payload); // the agent must not depend on the transport's buffer afterwards
        Assert.Equal(1, agent.PendingTasks);
        _clock.Now += 500;
        agent.Tick();

        Assert.Equal(0, agent.LastTaskError);
        var message = _transport.On("/res").Single();
        Assert.Equal("ec/v1/d/dev-0001/res", message.Topic);
        var frame = Verified(message, assignment);
        Assert.Equal((7u, 1u, FrameType.Result), (frame.Boot, frame.Seq, frame.Type));

        var expected = new KernelOutput();
        MonteCarloPiKernel.Run(42, 1000, 200000, expected);
        Assert.Equal(
            "{1: \"job-7-t12\", 2: 2, 3: \"mc.pi\", 4: 0, 5: 1000, 6: [" + expected.Numbers[0] + ", 1000]}",
            CborDiagnostic.Of(frame.Body));
        Assert.Equal((1L, 1L, 0), (agent.TasksAccepted, agent.ResultsPublished, agent.PendingTasks));

        // The next telemetry frame continues the same seq space.
        RunUntil(agent, T0 + 10500);
        Assert.Equal(2u, Verified(_transport.On("/tel").Single()).Seq);
    }

    [Fact]
    public void Answers_a_late_task_with_deadline_passed()
    {
        var agent = Agent();
        Begin(agent);
        var assignment = AssignmentBytes.Build("t1", 0, "dev-0001", KernelNames.McPi, AssignmentBytes.UInts(1, 10), 100, (ulong)T0);
        agent.OnTaskMessage(assignment, 0, assignment.Length);
        _clock.Now += 1;
        agent.Tick();
        var frame = Verified(_transport.On("/res").Single(), assignment);
        Assert.Equal("{1: \"t1\", 2: 0, 3: \"mc.pi\", 4: 4, 5: 0, 6: []}", CborDiagnostic.Of(frame.Body));
    }

    [Fact]
    public void Ignores_and_counts_malformed_foreign_and_excess_assignments()
    {
        var agent = Agent(o => o.TaskQueueCapacity = 1);
        Begin(agent);
        var foreign = AssignmentBytes.Build("t1", 0, "dev-0002", KernelNames.McPi, AssignmentBytes.UInts(1, 10), 100, ulong.MaxValue);
        var good = AssignmentBytes.Build("t2", 0, "dev-0001", KernelNames.McPi, AssignmentBytes.UInts(1, 10), 100, ulong.MaxValue);

        Assert.False(agent.OnTaskMessage(foreign, 0, foreign.Length));
        Assert.False(agent.OnTaskMessage(good, 0, good.Length - 1));
        Assert.False(agent.OnTaskMessage(new byte[3000], 0, 3000));
        Assert.True(agent.OnTaskMessage(good, 0, good.Length));
        Assert.False(agent.OnTaskMessage(good, 0, good.Length));
        Assert.Equal((1L, 4L), (agent.TasksAccepted, agent.TasksRejected));

        _clock.Now += 1;
        agent.Tick();
        Assert.Single(_transport.On("/res"));
        Assert.True(agent.OnTaskMessage(good, 0, good.Length));
    }

    [Fact]
    public void A_second_start_takes_a_new_boot_and_restarts_seq_at_1()
    {
        var agent = Agent();
        Begin(agent);
        RunUntil(agent, T0 + 25000);
        Assert.Equal(2u, agent.Seq);

        Begin(agent);
        Assert.Equal((8u, 0u), (agent.Boot, agent.Seq));
        RunUntil(agent, T0 + 40000);

        var frames = _transport.Published.Where(m => !m.Topic.EndsWith("/state", StringComparison.Ordinal)).Select(m => Verified(m)).ToList();
        Assert.Equal(
            new[] { (7u, 0u, 4), (7u, 1u, 1), (7u, 2u, 1), (7u, 3u, 1), (8u, 0u, 4), (8u, 1u, 1), (8u, 2u, 1) },
            frames.Select(f => (f.Boot, f.Seq, f.Type)));

        // The partial window closed at the restart under the old boot: samples at T0+20000 .. T0+25000.
        Assert.Contains("0: \"temp/count\", 2: 6,", CborDiagnostic.Of(frames[3].Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Buffers_while_disconnected_and_flushes_in_order_after_the_birth_on_reconnect()
    {
        var agent = Agent();
        Begin(agent);
        _transport.Connected = false;
        RunUntil(agent, T0 + 50000);
        Assert.Equal(2, _transport.Published.Count);
        Assert.Equal(5, agent.BufferedFrames);

        _transport.Connected = true;
        _clock.Now += 100;
        agent.Tick();

        var topics = _transport.Published.Skip(2).Select(m => m.Topic[17..]).ToList();
        Assert.Equal(new[] { "birth", "state", "tel", "tel", "tel", "tel", "tel" }, topics);
        Assert.Equal(new uint[] { 1, 2, 3, 4, 5 }, _transport.On("/tel").Select(m => Verified(m).Seq));
        Assert.Equal(0, agent.BufferedFrames);
        Assert.Equal(5, agent.FramesPublished);
    }

    [Fact]
    public void A_refused_publish_keeps_the_frame_for_the_next_tick()
    {
        var agent = Agent();
        Begin(agent);
        _transport.FailNext = 1;
        RunUntil(agent, T0 + 10000);
        Assert.Empty(_transport.On("/tel"));
        Assert.Equal(1, agent.BufferedFrames);
        _clock.Now += 100;
        agent.Tick();
        Assert.Equal(1u, Verified(_transport.On("/tel").Single()).Seq);
    }

    [Fact]
    public void Drops_the_oldest_telemetry_when_the_ring_is_full_and_counts_its_readings()
    {
        var agent = Agent(o => o.RingCapacityBytes = DeviceAgentOptions.MinRingCapacityBytes);
        Begin(agent);
        _transport.Connected = false;
        RunUntil(agent, T0 + 600000);

        Assert.True(agent.FramesDropped > 0);
        Assert.Equal(agent.FramesDropped * 30, agent.ReadingsDropped);
        Assert.Equal(60, agent.FramesSealed);

        _transport.Connected = true;
        _clock.Now += 1;
        agent.Tick();
        var seqs = _transport.On("/tel").Select(m => Verified(m).Seq).ToList();
        Assert.Equal(60 - agent.FramesDropped, seqs.Count);
        Assert.Equal(Enumerable.Range((int)(61 - seqs.Count), seqs.Count).Select(s => (uint)s), seqs);
    }

    [Fact]
    public void Keeps_a_refused_result_pending_and_publishes_every_result_after_reconnect()
    {
        var agent = Agent(o => o.RingCapacityBytes = DeviceAgentOptions.MinRingCapacityBytes);
        Begin(agent);
        _transport.Connected = false;
        var sent = new List<byte[]>();
        for (var i = 0; i < 60; i++)
        {
            var assignment = AssignmentBytes.Build("task-" + i, 0, "dev-0001", KernelNames.McPi, AssignmentBytes.UInts((ulong)i, 10), 100, ulong.MaxValue);
            if (agent.OnTaskMessage(assignment, 0, assignment.Length))
            {
                sent.Add(assignment);
            }

            _clock.Now += 1;
            agent.Tick();
        }

        Assert.True(agent.ResultsRefused > 0);
        Assert.True(agent.PendingTasks > 0);

        _transport.Connected = true;
        for (var i = 0; i < 100 && (agent.PendingTasks > 0 || agent.BufferedFrames > 0); i++)
        {
            _clock.Now += 1;
            agent.Tick();
        }

        var results = _transport.On("/res").ToList();
        Assert.Equal(sent.Count, results.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var frame = Verified(results[i], sent[i]);
            Assert.Contains("1: \"task-", CborDiagnostic.Of(frame.Body), StringComparison.Ordinal);
        }

        Assert.Equal(Enumerable.Range(1, sent.Count).Select(s => (uint)s), results.Select(r => DecodedFrame.Parse(r.Payload).Seq));
    }

    [Fact]
    public void Raw_mode_publishes_delta_frames_and_starts_a_new_frame_after_a_dropout()
    {
        _sensors = new FakeSensors(["temp"], ["Cel"], [-2], [2291], [3]);
        var agent = Agent(o => o.RawSamples = true);
        Begin(agent);
        RunUntil(agent, T0 + 3000);
        _sensors.Dropout[0] = true;
        RunUntil(agent, T0 + 4000);
        _sensors.Dropout[0] = false;
        RunUntil(agent, T0 + 10000);

        var frames = _transport.On("/tel").Select(m => Verified(m)).ToList();
        Assert.Equal(new[] { (1u, 2), (2u, 2) }, frames.Select(f => (f.Seq, f.Type)));
        Assert.StartsWith("[{1: \"temp\", 2: \"Cel\", 3: -2, 4: " + T0 + ", 5: 1000, 6: 4, 7: 2291, 8: h'", CborDiagnostic.Of(frames[0].Body), StringComparison.Ordinal);
        Assert.StartsWith("[{1: \"temp\", 2: \"Cel\", 3: -2, 4: " + (T0 + 5000) + ", 5: 1000, 6: 5, 7: " + _sensors.ValueAt(0, 4) + ",", CborDiagnostic.Of(frames[1].Body), StringComparison.Ordinal);
        Assert.Equal(10, agent.ReadingsProduced);
    }

    [Fact]
    public void A_clock_that_goes_back_closes_the_window()
    {
        var agent = Agent();
        Begin(agent);
        RunUntil(agent, T0 + 5000);
        _clock.Now = T0 - 3_600_000;
        agent.Tick();
        var frame = Verified(_transport.On("/tel").Single());
        Assert.Contains("0: \"temp/count\", 2: 6,", CborDiagnostic.Of(frame.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ticks_that_only_sample_allocate_nothing(bool raw)
    {
        _sensors = raw ? new FakeSensors(["temp"], ["Cel"], [-2], [2291], [13]) : FakeSensors.Weather();
        _clock.Now = T0 + 1000;
        var agent = Agent(o =>
        {
            o.SampleIntervalMs = 10;
            o.WindowLengthMs = 60000;
            o.RawSamples = raw;
        });
        Begin(agent);
        RunUntil(agent, T0 + 2000, 10);
        var published = _transport.Published.Count;
        var ticks = 0;

        Allocations.AssertNone(
            _ =>
            {
                _clock.Now += 10;
                agent.Tick();
                ticks++;
            },
            calls: 200);

        Assert.True(_clock.Now < T0 + 60000, "the measured ticks stayed inside the first window");
        Assert.Equal(published, _transport.Published.Count);
        Assert.Equal((101 + ticks) * _sensors.ChannelCount, agent.ReadingsProduced);
    }

    [Theory]
    [InlineData("DeviceId")]
    [InlineData("Key")]
    [InlineData("SampleIntervalMs")]
    [InlineData("WindowLengthMs")]
    [InlineData("RingCapacityBytes")]
    [InlineData("RingInitialBytes")]
    [InlineData("Topics")]
    [InlineData("Platform")]
    [InlineData("TaskQueueCapacity")]
    public void Refuses_invalid_options_naming_the_setting(string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => Agent(o =>
        {
            switch (setting)
            {
                case "DeviceId": o.DeviceId = "Dev 1"; break;
                case "Key": o.Key = new byte[16]; break;
                case "SampleIntervalMs": o.SampleIntervalMs = 0; break;
                case "WindowLengthMs": o.WindowLengthMs = 500; break;
                case "RingCapacityBytes": o.RingCapacityBytes = 4000; break;
                case "RingInitialBytes": o.RingInitialBytes = o.RingCapacityBytes + 1; break;
                case "Topics": o.Topics = new DeviceTopics("another-device"); break;
                case "Platform": o.Platform = string.Empty; break;
                case "TaskQueueCapacity": o.TaskQueueCapacity = 0; break;
            }
        }));
        Assert.Contains("DeviceAgentOptions." + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_sensors_with_invalid_channel_names()
    {
        _sensors = new FakeSensors(["Temp"], ["Cel"], [-2], [1], [1]);
        Assert.Throws<ArgumentException>(() => Agent());
    }

    [Fact]
    public void Precomputes_the_device_topics()
    {
        var topics = Agent().Topics;
        Assert.Equal(
            new[] { "ec/v1/d/dev-0001/tel", "ec/v1/d/dev-0001/res", "ec/v1/d/dev-0001/birth", "ec/v1/d/dev-0001/state", "ec/v1/d/dev-0001/task" },
            new[] { topics.Telemetry, topics.Result, topics.Birth, topics.State, topics.Task });
    }

    [Fact]
    public void Tick_before_start_is_a_contract_error()
    {
        Assert.Throws<InvalidOperationException>(() => Agent().Tick());
    }

    private static string Ascii(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
