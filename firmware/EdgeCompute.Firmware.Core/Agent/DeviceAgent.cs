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
/// <para>Call <see cref="Start"/> once per boot, then <see cref="Tick"/> from the platform loop, often (at least
/// once per sample interval). <see cref="Start"/> and <see cref="Tick"/> must run on one thread;
/// <see cref="OnTaskMessage"/> may be called from the transport's receive thread.</para>
/// <para>Sample times are the latest multiple of the sample interval at or before the tick; windows are aligned
/// to multiples of the window length since the epoch. A clock that goes backwards closes the current window.
/// Every buffer is allocated in the constructor: a tick that only samples allocates nothing.</para>
/// <para>The birth (seq 0) and <c>online</c> are published retained at <see cref="Start"/> and again after every
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
    {
        if (options == null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        if (transport == null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        if (sensors == null)
        {
            throw new ArgumentNullException(nameof(sensors));
        }

        _bootCounter = bootCounter ?? throw new ArgumentNullException(nameof(bootCounter));

        _deviceId = options.DeviceId;
        _topics = new DeviceTopics(_deviceId);
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

        _sequencer = new FrameSequencer(_deviceId, options.Key!);
        _ring = new FrameRing(options.RingCapacityBytes);

        _telemetry = new TelemetryFrameBuilder(
            _deviceId,
            channels,
            options.RawSamples,
            options.SampleIntervalMs,
            options.WindowLengthMs,
            _sequencer,
            _ring);
        _sampler = new TelemetrySampler(
            sensors,
            count,
            new SampleSchedule(options.SampleIntervalMs, options.WindowLengthMs),
            _telemetry);
        _birth = new BirthFrame(options.Platform, options.RamBytes, options.CpuMhz, channels);
        _publisher = new FramePublisher(transport, _topics, _ring, _birth);
        _tasks = new TaskQueue(_deviceId, options.TaskQueueCapacity);
        _executor = new TaskExecutor(_tasks, _sequencer, _ring);
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

    /// <summary>
    /// Begins a boot: takes a new boot number, restarts the seq space, seals the birth (seq 0) and publishes it and
    /// <c>online</c>, retained, as soon as the transport is connected. Calling it again (a restart) first closes
    /// the current window under the old boot; frames already in the ring stay.
    /// </summary>
    public void Start()
    {
        var now = _clock.UtcMilliseconds;
        if (_started)
        {
            // A restart: the partial window goes out under the old boot, before the new birth.
            _sampler.CloseWindow();
            _publisher.Flush();
        }

        _sequencer.BeginBoot(_bootCounter.NextBoot());
        _birth.Seal(_sequencer);
        _sampler.Start(now);
        _started = true;
        _publisher.Start();
    }

    /// <summary>
    /// Does what is due: samples, closes the window into a sealed frame, publishes buffered frames oldest first
    /// while the broker accepts them, then runs one waiting task and publishes its result.
    /// </summary>
    public void Tick()
    {
        if (!_started)
        {
            throw new InvalidOperationException("call Start() before Tick()");
        }

        var now = _clock.UtcMilliseconds;
        _sampler.Tick(now);
        _publisher.CheckConnection();
        _executor.RetryPendingResult();
        _publisher.Flush();
        if (!_executor.HasPendingResult && _executor.RunNext(now))
        {
            _publisher.Flush();
        }
    }

    /// <summary>Tells the agent that the transport (re)connected, so the birth and <c>online</c> are published again.</summary>
    public void OnConnected()
    {
        _publisher.OnConnected();
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
