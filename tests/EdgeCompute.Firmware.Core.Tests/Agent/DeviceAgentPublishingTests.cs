using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>Sampling and publishing apart: a publish waiting for its PUBACK never costs a sample, and never loses a frame.</summary>
public sealed class DeviceAgentPublishingTests
{
    private const long T0 = 1764000000000; // a multiple of the window length
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1)).ToArray();

    private readonly FakeClock _clock = new(T0);
    private readonly FakeTransport _transport = new();
    private readonly FakeSensors _sensors = FakeSensors.Weather();
    private readonly byte[] _buffer = new byte[ProtocolLimits.MaxDevicePayload];

    private DeviceAgent Agent(IDeviceTransport? transport = null, int ring = 16384) => new(
        new DeviceAgentOptions
        {
            DeviceId = "dev-0001",
            Key = Key,
            SampleIntervalMs = 1000,
            WindowLengthMs = 10000,
            RingCapacityBytes = ring,
            Platform = "sim",
        },
        transport ?? _transport,
        _clock,
        _sensors,
        new FakeBootCounter(6));

    private void SampleUntil(DeviceAgent agent, long endMs)
    {
        while (_clock.Now + 1000 <= endMs)
        {
            _clock.Now += 1000;
            agent.Sample();
        }
    }

    private (string Topic, uint Boot, uint Seq) Begin(DeviceAgent agent)
    {
        var length = agent.BeginPublish(_buffer, 0, out var topic, out _);
        Assert.True(length > 0, "something to publish");
        if (topic.EndsWith("/state", StringComparison.Ordinal))
        {
            return (topic[17..], 0, 0);
        }

        var frame = DecodedFrame.Parse(_buffer[..length]);
        return (topic[17..], frame.Boot, frame.Seq);
    }

    /// <summary>Starts the agent, seals its first window and sends its birth and online: the ring's first frame is window 1.</summary>
    private DeviceAgent AnnouncedWithFirstWindow(DeviceAgent agent)
    {
        agent.Start();
        agent.Sample();
        SampleUntil(agent, T0 + 10000);
        Announce(agent);
        return agent;
    }

    private void Announce(DeviceAgent agent)
    {
        Assert.Equal("birth", Begin(agent).Topic);
        agent.EndPublish(true);
        Assert.Equal("state", Begin(agent).Topic);
        agent.EndPublish(true);
    }

    [Fact]
    public async Task Sampling_goes_on_while_a_publish_waits_for_its_puback_on_another_thread()
    {
        var transport = new GatedTransport();
        var agent = Agent(transport);
        agent.Start();
        agent.Sample();
        SampleUntil(agent, T0 + 10000); // the tick at T0+10000 seals window 1

        var publisher = Task.Run(() => agent.Publish(_buffer), TestContext.Current.CancellationToken);
        transport.Waiting.Wait(TestContext.Current.CancellationToken);

        // The publish of window 1 waits for its PUBACK for three sample intervals; every slot is sampled meanwhile.
        SampleUntil(agent, T0 + 13000);
        Assert.Equal(14 * 3, agent.ReadingsProduced);
        Assert.Equal((1, 0L), (agent.BufferedFrames, agent.FramesPublished));

        transport.Gate.Set();
        Assert.Equal(3, await publisher);
        SampleUntil(agent, T0 + 20000);
        agent.Publish(_buffer);

        Assert.Equal(0, agent.SampleDropouts);
        Assert.Equal(21 * 3, agent.ReadingsProduced);
        var windows = transport.Published.Where(m => m.Topic.EndsWith("/tel", StringComparison.Ordinal)).Select(m => DecodedFrame.Parse(m.Payload)).ToList();
        Assert.Equal(new uint[] { 1, 2 }, windows.Select(f => f.Seq));
        Assert.Contains("0: \"temp/count\", 2: 10,", Cbor.CborDiagnostic.Of(windows[1].Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_stays_in_the_ring_until_its_puback_and_one_publish_runs_at_a_time()
    {
        var agent = AnnouncedWithFirstWindow(Agent());

        Assert.Equal(("tel", 7u, 1u), Begin(agent));
        SampleUntil(agent, T0 + 20000); // window 2 sealed behind it
        Assert.Equal(0, agent.BeginPublish(_buffer, 0, out _, out _));
        Assert.Equal((2, 0L), (agent.BufferedFrames, agent.FramesPublished));

        agent.EndPublish(true);
        Assert.Equal((1, 1L), (agent.BufferedFrames, agent.FramesPublished));
        Assert.Equal(("tel", 7u, 2u), Begin(agent));
        agent.EndPublish(true);
        Assert.Equal(0, agent.BufferedFrames);
        Assert.Equal(21 * 3, agent.ReadingsProduced);
    }

    [Fact]
    public void A_refused_publish_offers_the_same_frame_again()
    {
        var agent = AnnouncedWithFirstWindow(Agent());

        Assert.Equal(("tel", 7u, 1u), Begin(agent));
        agent.EndPublish(false);
        Assert.Equal(("tel", 7u, 1u), Begin(agent));
        agent.EndPublish(true);
        Assert.Equal((0, 1L), (agent.BufferedFrames, agent.FramesPublished));
    }

    [Fact]
    public void The_full_ring_evicts_behind_the_frame_in_flight_which_is_then_delivered()
    {
        var agent = AnnouncedWithFirstWindow(Agent(ring: DeviceAgentOptions.MinRingCapacityBytes));
        Assert.Equal(("tel", 7u, 1u), Begin(agent));

        SampleUntil(agent, T0 + 600000); // the broker never answers: the ring fills behind seq 1
        Assert.True(agent.FramesDropped > 0);
        agent.EndPublish(true);

        var seqs = new List<uint> { 1 };
        while (agent.BufferedFrames > 0)
        {
            seqs.Add(Begin(agent).Seq);
            agent.EndPublish(true);
        }

        Assert.Equal(60, agent.FramesSealed);
        Assert.Equal(60 - agent.FramesDropped, seqs.Count);
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(agent.FramesDropped * 30, agent.ReadingsDropped);
    }

    [Fact]
    public void A_restart_while_a_frame_is_in_flight_sends_the_old_boots_frames_before_the_new_birth()
    {
        var agent = Agent();
        agent.Start();
        agent.Sample();
        SampleUntil(agent, T0 + 15000);
        Announce(agent);
        Assert.Equal(("tel", 7u, 1u), Begin(agent));

        agent.Start(); // seals the partial window as (7, 2) under the old boot
        agent.EndPublish(true);

        var order = new List<(string, uint, uint)>();
        for (var i = 0; i < 3; i++)
        {
            order.Add(Begin(agent));
            agent.EndPublish(true);
        }

        Assert.Equal(new[] { ("tel", 7u, 2u), ("birth", 8u, 0u), ("state", 0u, 0u) }, order);
    }

    [Fact]
    public void A_reconnect_while_the_birth_is_in_flight_sends_the_birth_again()
    {
        var agent = Agent();
        agent.Start();
        Assert.Equal("birth", Begin(agent).Topic);

        agent.OnConnected();
        agent.EndPublish(true);

        Assert.Equal("birth", Begin(agent).Topic);
    }

    [Fact]
    public void Nothing_is_offered_before_start_or_while_the_transport_is_down()
    {
        var agent = Agent();
        Assert.Equal(0, agent.BeginPublish(_buffer, 0, out _, out _));
        agent.Start();
        _transport.Connected = false;
        Assert.Equal(0, agent.BeginPublish(_buffer, 0, out _, out _));
        Assert.True(agent.HasPendingPublish);
    }
}
