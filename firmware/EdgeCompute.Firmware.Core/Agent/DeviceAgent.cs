using System;
using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// The device's main logic, the same on the ESP32 and in the simulator: samples the sensors, closes windows into
/// sealed telemetry frames, keeps frames in a store-and-forward ring until the broker takes them, and runs task
/// assignments in idle time, publishing sealed results.
/// </summary>
/// <remarks>
/// <para>Call <see cref="Start"/> once per boot, then either <see cref="Tick"/> from one platform loop (sample and
/// publish in turn, as before), or <see cref="Sample"/> from one loop (at least once per sample interval) and
/// <see cref="Publish"/> (or <see cref="BeginPublish"/>/<see cref="EndPublish"/>) from another thread or flow, so a slow
/// broker never delays a sample: a publish waits for its PUBACK while the ring keeps the frame, and sampling goes on.
/// Every member may be called from any thread (the agent locks its state; the transport is never called under the lock),
/// but <see cref="Start"/> and <see cref="Sample"/> must not run at the same time as each other.
/// <see cref="OnTaskMessage"/> may be called from the transport's receive thread.</para>
/// <para>Sample times are the latest multiple of the sample interval at or before the tick; windows are aligned
/// to multiples of the window length since the epoch. A clock that goes backwards closes the current window.
/// Every buffer but the one <see cref="Tick"/> publishes from is allocated in the constructor: a sampling step allocates
/// nothing.</para>
/// <para>The birth (seq 0) and <c>online</c> are published retained after <see cref="Start"/> and again after every
/// reconnect the agent observes (or is told of by <see cref="OnConnected"/>); nothing else is published until
/// they went out, so the birth always comes first. The will (<c>offline</c>) is the transport's business.</para>
/// </remarks>
public sealed class DeviceAgent
{
    private readonly IDeviceClock _clock;
    private readonly IBootCounter _bootCounter;
    private readonly string _deviceId;
    private readonly DeviceTopics _topics;
    private readonly FrameRing _ring;
    private readonly FrameSequencer _sequencer;
    private readonly TelemetryFrameBuilder _telemetry;
    private readonly TelemetrySampler _sampler;
    private readonly BirthFrame _birth;
    private readonly FramePublisher _publisher;
    private readonly TaskQueue _tasks;
    private readonly TaskExecutor _executor;
    private readonly IDeviceTransport _transport;
    private readonly object _sync = new object();
    private byte[]? _tickPublishBuffer;
    private bool _started;

    /// <summary>Builds an agent and all its buffers; checks the options and the sensors' channel descriptions.</summary>
    /// <param name="options">The settings (copied).</param>
    /// <param name="transport">The broker connection.</param>
    /// <param name="clock">The wall clock.</param>
    /// <param name="sensors">The sensor channels.</param>
    /// <param name="bootCounter">The persistent boot counter.</param>
    /// <exception cref="ArgumentException">An option or a channel description is invalid; the message says which.</exception>
    public DeviceAgent(
        DeviceAgentOptions options,
        IDeviceTransport transport,
        IDeviceClock clock,
        ISensorArray sensors,
        IBootCounter bootCounter)
        : this(options, transport, clock, sensors, bootCounter, null)
    {
    }

    /// <summary>
    /// Builds an agent whose sealing and task buffers are <paramref name="scratch"/>, shared with other agents that never
    /// run <see cref="Start"/>, <see cref="Sample"/> or <see cref="Tick"/> at the same time as this one (the caller sees to
    /// that); its own when null.
    /// </summary>
    /// <param name="options">The settings (copied).</param>
    /// <param name="transport">The broker connection.</param>
    /// <param name="clock">The wall clock.</param>
    /// <param name="sensors">The sensor channels.</param>
    /// <param name="bootCounter">The persistent boot counter.</param>
    /// <param name="scratch">The working buffers to share, or null for the agent's own.</param>
    /// <exception cref="ArgumentException">An option or a channel description is invalid; the message says which.</exception>
    public DeviceAgent(
        DeviceAgentOptions options,
        IDeviceTransport transport,
        IDeviceClock clock,
        ISensorArray sensors,
        IBootCounter bootCounter,
        AgentScratch? scratch)
    {
        if (options == null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));

        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        if (sensors == null)
        {
            throw new ArgumentNullException(nameof(sensors));
        }

        _bootCounter = bootCounter ?? throw new ArgumentNullException(nameof(bootCounter));

        _deviceId = options.DeviceId;
        _topics = options.Topics ?? new DeviceTopics(_deviceId);
        var count = sensors.ChannelCount;
        if (count < 1 || count > WindowSummaryWriter.MaxChannels)
        {
            throw new ArgumentException("sensors: 1 to 51 channels required");
        }

        var channels = new ChannelDescription[count];
        for (var c = 0; c < count; c++)
        {
            channels[c] = new ChannelDescription(sensors.ChannelName(c), sensors.Unit(c), sensors.Exponent(c));
        }

        if (scratch == null)
        {
            scratch = new AgentScratch();
        }

        _sequencer = new FrameSequencer(_deviceId, options.Key!, scratch);
        _ring = new FrameRing(options.RingCapacityBytes, options.RingInitialBytes == 0 ? options.RingCapacityBytes : options.RingInitialBytes);

        _telemetry = new TelemetryFrameBuilder(
            _deviceId,
            channels,
            options.RawSamples,
            options.SampleIntervalMs,
            options.WindowLengthMs,
            _sequencer,
            _ring,
            scratch);
        _sampler = new TelemetrySampler(
            sensors,
            count,
            new SampleSchedule(options.SampleIntervalMs, options.WindowLengthMs),
            _telemetry);
        _birth = new BirthFrame(options.Platform, options.RamBytes, options.CpuMhz, channels, scratch);
        _publisher = new FramePublisher(transport, _topics, _ring, _birth);
        _tasks = new TaskQueue(_deviceId, options.TaskQueueCapacity);
        _executor = new TaskExecutor(_tasks, _sequencer, _ring, scratch);
    }

    /// <summary>Gets the device id.</summary>
    public string DeviceId => _deviceId;

    /// <summary>Gets the device's topics (the transport subscribes to <see cref="DeviceTopics.Task"/>).</summary>
    public DeviceTopics Topics => _topics;

    /// <summary>Gets whether <see cref="Start"/> has run.</summary>
    public bool IsStarted => _started;

    /// <summary>Gets the current boot counter (0 before <see cref="Start"/>).</summary>
    public uint Boot => _sequencer.Boot;

    /// <summary>Gets the seq of the last sealed data frame in this boot (0 right after <see cref="Start"/>).</summary>
    public uint Seq => _sequencer.Seq;

    /// <summary>Gets how many readings were sampled (a dropout is not a reading).</summary>
    public long ReadingsProduced => _sampler.ReadingsProduced;

    /// <summary>Gets how many sensor reads failed.</summary>
    public long SampleDropouts => _sampler.SampleDropouts;

    /// <summary>Gets how many data frames (telemetry and results, not births) were sealed.</summary>
    public long FramesSealed => _sequencer.FramesSealed;

    /// <summary>Gets how many frames from the ring (telemetry and results) the broker accepted.</summary>
    public long FramesPublished => _publisher.FramesPublished;

    /// <summary>Gets how many telemetry frames were lost: evicted from or refused by the full ring, or too large to encode.</summary>
    public long FramesDropped => _ring.DroppedFrames + _telemetry.EncodeDrops;

    /// <summary>Gets the readings those lost frames accounted for.</summary>
    public long ReadingsDropped => _ring.DroppedReadings + _telemetry.EncodeDroppedReadings;

    /// <summary>Gets how many task assignments were queued.</summary>
    public long TasksAccepted => _tasks.Accepted;

    /// <summary>Gets how many task messages were ignored: malformed, for another device, too large, or queue full.</summary>
    public long TasksRejected => _tasks.Rejected;

    /// <summary>Gets how many task messages were redeliveries (MQTT QoS 1) of an assignment already pending or just run; not run again.</summary>
    public long TasksDuplicated => _tasks.Duplicates;

    /// <summary>Gets the <see cref="CborError"/> code of the last rejected task message.</summary>
    public int LastTaskError => _tasks.LastError;

    /// <summary>Gets how many results could not be sealed (body or frame over the limits); not expected with valid ids.</summary>
    public long ResultsUnsealable => _executor.ResultsUnsealable;

    /// <summary>Gets how many results the broker accepted.</summary>
    public long ResultsPublished => _publisher.ResultsPublished;

    /// <summary>Gets how many times the ring refused a result because results filled it (the result is retried).</summary>
    public long ResultsRefused => _ring.RefusedResults;

    /// <summary>Gets how many frames wait in the ring.</summary>
    public int BufferedFrames => _ring.Count;

    /// <summary>Gets how many ring bytes are in use.</summary>
    public int BufferedBytes => _ring.UsedBytes;

    /// <summary>Gets how many task assignments wait or run.</summary>
    public int PendingTasks => _tasks.Count;

    /// <summary>Gets whether something waits to be published (the birth, <c>online</c> or a frame in the ring).</summary>
    public bool HasPendingPublish
    {
        get
        {
            lock (_sync)
            {
                return _started && _publisher.HasWork;
            }
        }
    }

    /// <summary>
    /// Begins a boot: takes a new boot number, restarts the seq space, seals the birth (seq 0); the birth and
    /// <c>online</c> go out, retained, at the next publish while the transport is connected. Calling it again (a
    /// restart) first closes the current window under the old boot; frames already in the ring stay, and those sealed
    /// under the old boot go before the new birth. Publishes nothing itself.
    /// </summary>
    public void Start()
    {
        lock (_sync)
        {
            var now = _clock.UtcMilliseconds;
            var restart = _started;
            if (restart)
            {
                // A restart: the partial window goes out under the old boot, before the new birth.
                _sampler.CloseWindow();
            }

            _sequencer.BeginBoot(_bootCounter.NextBoot());
            _birth.Seal(_sequencer);
            _sampler.Start(now);
            _started = true;
            _publisher.Start(restart);
        }
    }

    /// <summary>
    /// Does what is due and then publishes: <see cref="Sample"/>, then <see cref="Publish"/> with a buffer of the
    /// agent's own (allocated at the first call). For a platform that samples and publishes on one thread.
    /// </summary>
    public void Tick()
    {
        Sample();
        if (_tickPublishBuffer == null)
        {
            _tickPublishBuffer = new byte[ProtocolLimits.MaxDevicePayload];
        }

        Publish(_tickPublishBuffer);
    }

    /// <summary>
    /// Does what is due except publishing, and never waits for the broker: samples, closes the window into a sealed
    /// frame in the ring, and runs one waiting task (putting its sealed result in the ring).
    /// </summary>
    public void Sample()
    {
        lock (_sync)
        {
            if (!_started)
            {
                throw new InvalidOperationException("call Start() before Tick() or Sample()");
            }

            var now = _clock.UtcMilliseconds;
            _sampler.Tick(now);
            _executor.RetryPendingResult();
            if (!_executor.HasPendingResult)
            {
                _executor.RunNext(now);
            }
        }
    }

    /// <summary>
    /// Publishes what is due through the transport, one message at a time, each waiting for the broker's answer:
    /// the birth and <c>online</c> when due, then the ring's frames oldest first, until nothing is due or a publish is
    /// refused. Returns at once while another publish of this agent is under way.
    /// </summary>
    /// <param name="buffer">Holds each payload while it is published; at least <see cref="ProtocolLimits.MaxDevicePayload"/> bytes (allocate it once).</param>
    /// <returns>How many messages the broker accepted.</returns>
    public int Publish(byte[] buffer)
    {
        var accepted = 0;
        while (true)
        {
            var length = BeginPublish(buffer, 0, out var topic, out var retain);
            if (length == 0)
            {
                return accepted;
            }

            var ok = false;
            try
            {
                ok = _transport.Publish(topic, buffer, 0, length, retain);
            }
            finally
            {
                EndPublish(ok);
            }

            if (!ok)
            {
                return accepted;
            }

            accepted++;
        }
    }

    /// <summary>
    /// Takes the next message to publish, for a platform that publishes by itself (asynchronously, say): copies its payload
    /// into <paramref name="buffer"/> and holds it (a ring frame stays in the ring) until <see cref="EndPublish"/>. One
    /// message at a time: returns 0 while one is under way, when nothing is due, or when the transport is down.
    /// </summary>
    /// <param name="buffer">Receives the payload; at least <see cref="ProtocolLimits.MaxDevicePayload"/> bytes from <paramref name="offset"/>.</param>
    /// <param name="offset">Where the payload's first byte goes.</param>
    /// <param name="topic">The topic to publish to (QoS 1).</param>
    /// <param name="retain">Whether to publish it retained.</param>
    /// <returns>The payload's length, or 0 when there is nothing to publish now.</returns>
    public int BeginPublish(byte[] buffer, int offset, out string topic, out bool retain)
    {
        if (buffer == null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || offset > buffer.Length - ProtocolLimits.MaxDevicePayload)
        {
            throw new ArgumentException("buffer: MaxDevicePayload bytes needed from offset");
        }

        lock (_sync)
        {
            if (!_started)
            {
                topic = string.Empty;
                retain = false;
                return 0;
            }

            return _publisher.Begin(buffer, offset, out topic, out retain);
        }
    }

    /// <summary>
    /// Ends the publish begun by <see cref="BeginPublish"/>: an accepted frame leaves the ring (and counts as published);
    /// a refused one stays first in the ring for the next attempt.
    /// </summary>
    /// <param name="accepted">Whether the broker accepted the message (its PUBACK arrived).</param>
    public void EndPublish(bool accepted)
    {
        lock (_sync)
        {
            _publisher.End(accepted);
        }
    }

    /// <summary>Tells the agent that the transport (re)connected, so the birth and <c>online</c> are published again.</summary>
    public void OnConnected()
    {
        lock (_sync)
        {
            _publisher.OnConnected();
        }
    }

    /// <summary>
    /// Takes a message from the task topic: decodes it and queues the assignment. A malformed assignment, one
    /// for another device, one over 2048 bytes, or one arriving while the queue is full is counted in
    /// <see cref="TasksRejected"/> and ignored. The result's MAC will cover SHA-256 of exactly these bytes.
    /// </summary>
    /// <param name="payload">The buffer holding the message (not kept after the call).</param>
    /// <param name="offset">The message's first byte.</param>
    /// <param name="count">The message's length.</param>
    /// <returns>Whether the assignment was queued.</returns>
    public bool OnTaskMessage(byte[] payload, int offset, int count)
    {
        return _tasks.TryAdd(payload, offset, count);
    }
}
