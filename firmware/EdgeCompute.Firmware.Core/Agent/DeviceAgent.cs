using System;
using EdgeCompute.Firmware.Core.Aggregation;
using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Core.Kernels;

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
    private static readonly byte[] Online = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

    private readonly IDeviceTransport _transport;
    private readonly IDeviceClock _clock;
    private readonly ISensorArray _sensors;
    private readonly IBootCounter _bootCounter;
    private readonly string _deviceId;
    private readonly DeviceTopics _topics;
    private readonly long _sampleIntervalMs;
    private readonly long _windowLengthMs;
    private readonly string _platform;
    private readonly long _ramBytes;
    private readonly int _cpuMhz;
    private readonly string[] _kernels;

    private readonly ChannelDescription[] _channels;
    private readonly WindowAggregator[] _aggregators;
    private readonly WindowSummaryWriter _summaryWriter;
    private readonly RawSampleWriter? _rawWriter;
    private readonly FrameSealer _sealer;
    private readonly FrameRing _ring;

    private readonly byte[] _bodyBuffer = new byte[ProtocolLimits.MaxFrameBody];
    private readonly CborEncoder _body;
    private readonly byte[] _frameBuffer = new byte[ProtocolLimits.MaxDevicePayload];
    private readonly CborEncoder _frame;
    private readonly byte[] _birthBuffer = new byte[ProtocolLimits.MaxDevicePayload];
    private readonly CborEncoder _birth;
    private readonly byte[] _resultBuffer = new byte[ProtocolLimits.MaxDevicePayload];
    private readonly CborEncoder _result;
    private readonly byte[] _publishBuffer = new byte[ProtocolLimits.MaxDevicePayload];

    private readonly TaskQueue _tasks;
    private readonly TaskRunner _taskRunner = new TaskRunner();
    private readonly KernelOutput _kernelOutput = new KernelOutput();

    private bool _started;
    private uint _boot;
    private uint _seq;
    private long _lastNow;
    private long _windowStart;
    private long _windowEnd;
    private long _nextSampleMs;
    private bool _wasConnected;
    private bool _announcePending;
    private bool _resultPending;

    private long _readingsProduced;
    private long _sampleDropouts;
    private long _framesSealed;
    private long _framesPublished;
    private long _encodeDrops;
    private long _encodeDroppedReadings;
    private long _resultsPublished;
    private long _resultsUnsealable;

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
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _sensors = sensors ?? throw new ArgumentNullException(nameof(sensors));
        _bootCounter = bootCounter ?? throw new ArgumentNullException(nameof(bootCounter));

        _deviceId = options.DeviceId;
        _topics = new DeviceTopics(_deviceId);
        _sampleIntervalMs = options.SampleIntervalMs;
        _windowLengthMs = options.WindowLengthMs;
        _platform = options.Platform;
        _ramBytes = options.RamBytes;
        _cpuMhz = options.CpuMhz;
        _kernels = KernelNames.All();

        var count = sensors.ChannelCount;
        if (count < 1 || count > WindowSummaryWriter.MaxChannels)
        {
            throw new ArgumentException("sensors: 1 to 51 channels required");
        }

        _channels = new ChannelDescription[count];
        _aggregators = new WindowAggregator[count];
        for (var c = 0; c < count; c++)
        {
            _channels[c] = new ChannelDescription(sensors.ChannelName(c), sensors.Unit(c), sensors.Exponent(c));
            _aggregators[c] = new WindowAggregator();
        }

        _summaryWriter = new WindowSummaryWriter(_deviceId, _channels);
        if (options.RawSamples)
        {
            var perWindow = (options.WindowLengthMs / options.SampleIntervalMs) + 1;
            _rawWriter = new RawSampleWriter(
                _channels,
                perWindow < ProtocolLimits.MaxRawSamples ? perWindow : ProtocolLimits.MaxRawSamples,
                options.SampleIntervalMs);
        }

        var key = new byte[32];
        Array.Copy(options.Key!, key, 32);
        _sealer = new FrameSealer(_deviceId, key);
        Array.Clear(key, 0, key.Length);
        _ring = new FrameRing(options.RingCapacityBytes);

        _body = new CborEncoder(_bodyBuffer);
        _frame = new CborEncoder(_frameBuffer);
        _birth = new CborEncoder(_birthBuffer);
        _result = new CborEncoder(_resultBuffer);

        _tasks = new TaskQueue(_deviceId, options.TaskQueueCapacity);
    }

    /// <summary>Gets the device id.</summary>
    public string DeviceId
    {
        get { return _deviceId; }
    }

    /// <summary>Gets the device's topics (the transport subscribes to <see cref="DeviceTopics.Task"/>).</summary>
    public DeviceTopics Topics
    {
        get { return _topics; }
    }

    /// <summary>Gets whether <see cref="Start"/> has run.</summary>
    public bool IsStarted
    {
        get { return _started; }
    }

    /// <summary>Gets the current boot counter (0 before <see cref="Start"/>).</summary>
    public uint Boot
    {
        get { return _boot; }
    }

    /// <summary>Gets the seq of the last sealed data frame in this boot (0 right after <see cref="Start"/>).</summary>
    public uint Seq
    {
        get { return _seq; }
    }

    /// <summary>Gets how many readings were sampled (a dropout is not a reading).</summary>
    public long ReadingsProduced
    {
        get { return _readingsProduced; }
    }

    /// <summary>Gets how many sensor reads failed.</summary>
    public long SampleDropouts
    {
        get { return _sampleDropouts; }
    }

    /// <summary>Gets how many data frames (telemetry and results, not births) were sealed.</summary>
    public long FramesSealed
    {
        get { return _framesSealed; }
    }

    /// <summary>Gets how many frames from the ring (telemetry and results) the broker accepted.</summary>
    public long FramesPublished
    {
        get { return _framesPublished; }
    }

    /// <summary>Gets how many telemetry frames were lost: evicted from or refused by the full ring, or too large to encode.</summary>
    public long FramesDropped
    {
        get { return _ring.DroppedFrames + _encodeDrops; }
    }

    /// <summary>Gets the readings those lost frames accounted for.</summary>
    public long ReadingsDropped
    {
        get { return _ring.DroppedReadings + _encodeDroppedReadings; }
    }

    /// <summary>Gets how many task assignments were queued.</summary>
    public long TasksAccepted
    {
        get { return _tasks.Accepted; }
    }

    /// <summary>Gets how many task messages were ignored: malformed, for another device, too large, or queue full.</summary>
    public long TasksRejected
    {
        get { return _tasks.Rejected; }
    }

    /// <summary>Gets how many task messages were redeliveries (MQTT QoS 1) of an assignment already pending or just run; not run again.</summary>
    public long TasksDuplicated
    {
        get { return _tasks.Duplicates; }
    }

    /// <summary>Gets the <see cref="CborError"/> code of the last rejected task message.</summary>
    public int LastTaskError
    {
        get { return _tasks.LastError; }
    }

    /// <summary>Gets how many results could not be sealed (body or frame over the limits); not expected with valid ids.</summary>
    public long ResultsUnsealable
    {
        get { return _resultsUnsealable; }
    }

    /// <summary>Gets how many results the broker accepted.</summary>
    public long ResultsPublished
    {
        get { return _resultsPublished; }
    }

    /// <summary>Gets how many times the ring refused a result because results filled it (the result is retried).</summary>
    public long ResultsRefused
    {
        get { return _ring.RefusedResults; }
    }

    /// <summary>Gets how many frames wait in the ring.</summary>
    public int BufferedFrames
    {
        get { return _ring.Count; }
    }

    /// <summary>Gets how many ring bytes are in use.</summary>
    public int BufferedBytes
    {
        get { return _ring.UsedBytes; }
    }

    /// <summary>Gets how many task assignments wait or run.</summary>
    public int PendingTasks
    {
        get { return _tasks.Count; }
    }

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
            CloseWindow();
            Flush();
        }

        _boot = _bootCounter.NextBoot();
        _seq = 0;

        _body.Reset();
        BirthBodyWriter.Write(
            _body,
            FirmwareInfo.Version,
            _platform,
            _kernels,
            (ulong)_ramBytes,
            (uint)_cpuMhz,
            _channels);
        _birth.Reset();
        if (_body.HasOverflowed
            || !_sealer.Seal(_boot, 0, FrameType.Birth, _bodyBuffer, 0, _body.Length, null, 0, _birth))
        {
            throw new InvalidOperationException("birth frame too large: fewer channels or shorter units");
        }

        for (var c = 0; c < _aggregators.Length; c++)
        {
            _aggregators[c].Reset();
        }

        if (_rawWriter != null)
        {
            _rawWriter.Reset();
        }

        OpenWindow(now);
        _nextSampleMs = AlignUp(now, _sampleIntervalMs);
        _lastNow = now;
        _started = true;
        _announcePending = true;
        _wasConnected = _transport.IsConnected;
        if (_wasConnected)
        {
            Announce();
        }
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
        SampleAndWindow(now);

        var connected = _transport.IsConnected;
        if (connected && !_wasConnected)
        {
            _announcePending = true;
        }

        _wasConnected = connected;
        if (connected && _announcePending)
        {
            Announce();
        }

        if (_resultPending)
        {
            _resultPending = !_ring.Enqueue(_resultBuffer, 0, _result.Length, true, 0);
        }

        Flush();
        if (!_resultPending && RunNextTask(now))
        {
            Flush();
        }
    }

    /// <summary>Tells the agent that the transport (re)connected, so the birth and <c>online</c> are published again.</summary>
    public void OnConnected()
    {
        _announcePending = true;
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

    private void SampleAndWindow(long now)
    {
        if (now < _lastNow)
        {
            // The clock went back (e.g. a time sync): close what we have and start over from now.
            CloseWindow();
            OpenWindow(now);
            _nextSampleMs = AlignUp(now, _sampleIntervalMs);
        }

        _lastNow = now;
        if (now >= _nextSampleMs)
        {
            var slot = now - (now % _sampleIntervalMs);
            if (slot >= _windowEnd)
            {
                CloseWindow();
                OpenWindow(slot);
            }

            SampleAll(slot);
            _nextSampleMs = slot + _sampleIntervalMs;
        }

        if (now >= _windowEnd)
        {
            CloseWindow();
            OpenWindow(now);
        }
    }

    private void SampleAll(long slot)
    {
        for (var c = 0; c < _channels.Length; c++)
        {
            if (!_sensors.TryRead(c, out var value))
            {
                _sampleDropouts++;
                continue;
            }

            _readingsProduced++;
            if (_rawWriter == null)
            {
                _aggregators[c].Add(value);
            }
            else if (!_rawWriter.TryAdd(c, slot, value))
            {
                // A gap, a full channel or a full body ends the frame early; the sample opens the next one.
                SealRaw();
                _rawWriter.TryAdd(c, slot, value);
            }
        }
    }

    private void OpenWindow(long now)
    {
        _windowStart = now - (now % _windowLengthMs);
        _windowEnd = _windowStart + _windowLengthMs;
    }

    private void CloseWindow()
    {
        if (_rawWriter != null)
        {
            SealRaw();
            return;
        }

        _body.Reset();
        var readings = _summaryWriter.Write(_body, _aggregators, _windowStart, _windowLengthMs);
        for (var c = 0; c < _aggregators.Length; c++)
        {
            _aggregators[c].Reset();
        }

        if (readings > 0)
        {
            SealTelemetry(FrameType.WindowSummary, readings);
        }
    }

    private void SealRaw()
    {
        var raw = _rawWriter!;
        _body.Reset();
        var readings = raw.Write(_body);
        raw.Reset();
        if (readings > 0)
        {
            SealTelemetry(FrameType.RawSamples, readings);
        }
    }

    private void SealTelemetry(int type, int readings)
    {
        _frame.Reset();
        if (_body.HasOverflowed
            || !_sealer.Seal(_boot, _seq + 1, type, _bodyBuffer, 0, _body.Length, null, 0, _frame))
        {
            _encodeDrops++;
            _encodeDroppedReadings += readings;
            return;
        }

        _seq++;
        _framesSealed++;
        _ring.Enqueue(_frameBuffer, 0, _frame.Length, false, readings);
    }

    private void Announce()
    {
        if (!_transport.Publish(_topics.Birth, _birthBuffer, 0, _birth.Length, true))
        {
            return;
        }

        if (!_transport.Publish(_topics.State, Online, 0, Online.Length, true))
        {
            return;
        }

        _announcePending = false;
    }

    private void Flush()
    {
        while (!_announcePending && !_ring.IsEmpty && _transport.IsConnected)
        {
            var isResult = _ring.PeekIsResult;
            var length = _ring.CopyOldest(_publishBuffer, 0);
            if (!_transport.Publish(isResult ? _topics.Result : _topics.Telemetry, _publishBuffer, 0, length, false))
            {
                return;
            }

            _ring.Dequeue();
            _framesPublished++;
            if (isResult)
            {
                _resultsPublished++;
            }
        }
    }

    private bool RunNextTask(long now)
    {
        // The head slot is not reused by OnTaskMessage until RemoveHead, so the kernel runs unlocked.
        var task = _tasks.PeekHead();
        if (task == null)
        {
            return false;
        }

        _taskRunner.Run(task, now, _kernelOutput);
        _body.Reset();
        ResultBodyWriter.Write(_body, task, _kernelOutput);
        _result.Reset();
        var sealedOk = !_body.HasOverflowed
            && _sealer.Seal(_boot, _seq + 1, FrameType.Result, _bodyBuffer, 0, _body.Length, task.AssignmentHash, 0, _result);
        _tasks.RemoveHead();
        if (!sealedOk)
        {
            _resultsUnsealable++;
            return false;
        }

        _seq++;
        _framesSealed++;
        _resultPending = !_ring.Enqueue(_resultBuffer, 0, _result.Length, true, 0);
        return true;
    }

    private static long AlignUp(long value, long step)
    {
        var remainder = value % step;
        return remainder == 0 ? value : value - remainder + step;
    }
}
