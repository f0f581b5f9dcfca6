using System.Collections.Concurrent;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Simulator.Devices;
using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Firmware.Simulator.Transport;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// Many virtual ESP32 devices in one process, each running the firmware core's agent over its own MQTT link, with
/// behaviours from a <see cref="SimulationPlan"/> and everything random derived from one logged seed.
/// </summary>
/// <remarks>
/// <para>One loop ticks every device in turn, or <see cref="FleetSimulatorOptions.TickConcurrency"/> of them at once (no
/// thread per device); MQTT I/O is asynchronous inside the links. <see cref="RunAsync"/> ticks on whole multiples of the
/// tick interval of the clock, as a board's timer fires at its sample slots, and records in <see cref="Schedule"/> how
/// well it kept that schedule. <see cref="RunAsync"/> ticks on the <see cref="TimeProvider"/>'s schedule;
/// tests use a fake clock with <see cref="StepAsync"/> or <see cref="AdvanceAsync"/> and never sleep.</para>
/// <para>Steps must not overlap: call <see cref="StepAsync"/>, <see cref="AdvanceAsync"/>, <see cref="RunAsync"/> and
/// <see cref="SimulatedDevice.Reboot"/> from one flow at a time.</para>
/// </remarks>
public sealed class FleetSimulator : IAsyncDisposable
{
    private const int ScratchSets = 64;

    private readonly FleetSimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SimulatedDevice[] _devices;
    private readonly Dictionary<string, SimulatedDevice> _byId = new(StringComparer.Ordinal);
    private readonly IBootStore _boots;
    private readonly PublishingRounds _publishing;
    private HeapCompaction _compaction;
    private long _tickErrors;

    /// <summary>Builds the devices (nothing connects before <see cref="StartAsync"/>).</summary>
    /// <param name="devices">The devices' identities, in the order of the report.</param>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="plan">Who misbehaves (validated here); all honest when null.</param>
    /// <param name="timeProvider">The devices' clock and the tick schedule.</param>
    /// <param name="loggerFactory">Receives the seed and connection events; none when null.</param>
    /// <param name="linkFactory">Makes each device's link from its transport settings; an <see cref="MqttDeviceTransport"/> when null.</param>
    /// <param name="boots">Where the devices' boot counters are kept, as a board keeps its counter in flash; in memory
    /// (<see cref="InMemoryBootStore"/>, lost with the process) when null.</param>
    /// <param name="frameAcks">Logs every acknowledged telemetry frame with its window's end and PUBACK time; none when null.</param>
    /// <exception cref="ArgumentException">A setting, id or key is invalid, or an id repeats; the message says which.</exception>
    public FleetSimulator(
        IEnumerable<SimulatedDeviceIdentity> devices,
        FleetSimulatorOptions options,
        SimulationPlan? plan,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        Func<MqttDeviceTransportOptions, IDeviceLink>? linkFactory = null,
        IBootStore? boots = null,
        FrameAckLog? frameAcks = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        plan ??= new SimulationPlan();
        plan.Validate();
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<FleetSimulator>();
        Seed = options.Seed ?? Random.Shared.Next();
        Plan = plan;
        _boots = boots ?? new InMemoryBootStore();

        var identities = devices.ToArray();
        var seeds = new Random(Seed);
        var behaviors = BehaviorAssignment.Assign(identities.Select(d => d.DeviceId).ToArray(), plan, new Random(seeds.Next()));
        var transportLogger = loggerFactory.CreateLogger<MqttDeviceTransport>();
        linkFactory ??= o => new MqttDeviceTransport(o, timeProvider, transportLogger);
        _devices = new SimulatedDevice[identities.Length];

        // Neighbours share the buffers an agent needs only while it seals or runs a task (about 24 KB): a few dozen sets
        // instead of one per device, each used under its lock, so the sampling threads seldom meet on one.
        var scratches = new AgentScratch[Math.Clamp(identities.Length, 1, ScratchSets)];
        for (var i = 0; i < scratches.Length; i++)
        {
            scratches[i] = new AgentScratch();
        }

        for (var i = 0; i < identities.Length; i++)
        {
            var identity = identities[i];
            if (_byId.ContainsKey(identity.DeviceId))
            {
                throw new ArgumentException($"device {identity.DeviceId} is listed twice", nameof(devices));
            }

            var deviceSeed = seeds.Next();
            var transport = options.Transport.For(
                identity.DeviceId, identity.Key, options.BrokerHost ?? identity.Host, options.BrokerPort ?? identity.Port, deviceSeed);
            transport.Validate();
            var scratch = scratches[(int)((long)i * scratches.Length / identities.Length)];
            var device = new SimulatedDevice(identity, behaviors[i], deviceSeed, options, plan, timeProvider, linkFactory(transport), _boots, scratch, transport.Topics, frameAcks);
            _devices[i] = device;
            _byId.Add(device.DeviceId, device);
        }

        _publishing = new PublishingRounds(_devices, timeProvider, options.Transport.PublishTimeout, _logger);
        _compaction = new HeapCompaction(options.HeapCompactionRounds);
        _logger.LogInformation("fleet simulator: {Count} devices, seed {Seed}", _devices.Length, Seed);
    }

    /// <summary>Gets the fleet seed (from the options, or drawn and logged at construction).</summary>
    public int Seed { get; }

    /// <summary>Gets the plan the behaviours came from.</summary>
    public SimulationPlan Plan { get; }

    /// <summary>Gets the devices, in the order they were given.</summary>
    public IReadOnlyList<SimulatedDevice> Devices => _devices;

    /// <summary>Gets whether <see cref="StartAsync"/> has run.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>Gets how well <see cref="RunAsync"/> kept its tick schedule: steps run, steps longer than a tick interval, the longest.</summary>
    public TickScheduleRecord Schedule { get; } = new();

    /// <summary>
    /// Gets or sets what runs each batch of publishing rounds <see cref="SampleStep"/> claimed; the thread pool when null
    /// (tests run them inline, or hold them to look at the fleet before they start).
    /// </summary>
    internal Action<Action>? QueuePublishing
    {
        get => _publishing.Queue;
        set => _publishing.Queue = value;
    }

    /// <summary>Gets how many device ticks or rounds of publishing threw (logged; the device keeps going).</summary>
    public long TickErrors => Interlocked.Read(ref _tickErrors) + _publishing.Errors;

    /// <summary>Gets how many times the simulator compacted its heap after a burst of publishing (<see cref="FleetSimulatorOptions.HeapCompactionRounds"/>).</summary>
    public int HeapCompactions => _compaction.Compactions;

    /// <summary>Gets or sets the heap compaction (tests replace it to count compactions).</summary>
    internal HeapCompaction Compaction
    {
        get => _compaction;
        set => _compaction = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Builds a fleet from provisioned device files.</summary>
    /// <param name="files">The device files.</param>
    /// <param name="options">The settings.</param>
    /// <param name="plan">Who misbehaves; all honest when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logs; none when null.</param>
    /// <param name="boots">Where the boot counters are kept (a <see cref="SimulatorStateFile"/> keeps them across runs); in memory when null.</param>
    /// <param name="frameAcks">Logs every acknowledged telemetry frame; none when null.</param>
    /// <returns>The simulator.</returns>
    public static FleetSimulator FromDeviceFiles(
        IEnumerable<DeviceFile> files,
        FleetSimulatorOptions options,
        SimulationPlan? plan,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        IBootStore? boots = null,
        FrameAckLog? frameAcks = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new FleetSimulator(files.Select(SimulatedDeviceIdentity.FromDeviceFile), options, plan, timeProvider, loggerFactory, boots: boots, frameAcks: frameAcks);
    }

    /// <summary>Returns a device by id.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The device.</returns>
    /// <exception cref="KeyNotFoundException">No such device.</exception>
    public SimulatedDevice Device(string deviceId) =>
        _byId.TryGetValue(deviceId, out var device) ? device : throw new KeyNotFoundException($"no simulated device {deviceId}");

    /// <summary>
    /// Reserves every device's first boot in the boot store (one durable write for the whole fleet, before any frame),
    /// then connects every device (a few at a time, waiting for each first attempt; failed links keep retrying in the
    /// background) and boots its agent, which publishes its birth and <c>online</c> once connected.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when every device has booted.</returns>
    /// <exception cref="IOException">The boot store could not reserve the boots (nothing was sent).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("the fleet is already started");
        }

        var first = _boots.Reserve([.. _devices.Select(d => d.DeviceId)]);
        for (var i = 0; i < _devices.Length; i++)
        {
            _devices[i].BootCounter.Prime(first[i]);
        }

        IsStarted = true;
        await Parallel.ForEachAsync(
            _devices,
            new ParallelOptions { MaxDegreeOfParallelism = _options.ConnectConcurrency, CancellationToken = cancellationToken },
            async (device, ct) => await device.StartAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
        _compaction.AfterStart(_devices.Length);
        _logger.LogInformation("fleet simulator: {Count} devices booted, {Connected} connected", _devices.Length, _devices.Count(d => d.Link.IsConnected));
    }

    /// <summary>
    /// Steps every device once at the current time: behaviours act, agents sample, seal and run tasks; then every device
    /// publishes what it has due, and the step waits for those publishes (tests see the frames of the step published).
    /// </summary>
    /// <param name="cancellationToken">Stops between devices.</param>
    /// <returns>A task that completes when every device was stepped and its publishing ended.</returns>
    public async Task StepAsync(CancellationToken cancellationToken = default)
    {
        SampleAll(cancellationToken);
        await _publishing.PublishEachAsync().ConfigureAwait(false);
    }

    // Sampling never waits for the broker, so a few threads keep every device's schedule.
    private void SampleAll(CancellationToken cancellationToken)
    {
        if (!IsStarted)
        {
            throw new InvalidOperationException("call StartAsync() before stepping");
        }

        if (_options.TickConcurrency == 1)
        {
            foreach (var device in _devices)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SampleOne(device);
            }

            return;
        }

        // Devices are independent (own agent, link, random source): sampling several at once changes no device's frames.
        var chunk = Math.Max(1, _devices.Length / (_options.TickConcurrency * 4));
        Parallel.ForEach(
            Partitioner.Create(0, _devices.Length, chunk),
            new ParallelOptions { MaxDegreeOfParallelism = _options.TickConcurrency, CancellationToken = cancellationToken },
            range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    SampleOne(_devices[i]);
                }
            });
    }

    private void SampleOne(SimulatedDevice device)
    {
        try
        {
            device.Sample();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            Interlocked.Increment(ref _tickErrors);
            _logger.LogError(e, "{DeviceId}: tick failed", device.DeviceId);
        }
    }

    /// <summary>
    /// Moves time forward by <paramref name="duration"/> in steps of <see cref="FleetSimulatorOptions.TickInterval"/>,
    /// ticking every device after each; <paramref name="advanceClock"/> moves the clock (e.g. a fake clock's <c>Advance</c>).
    /// </summary>
    /// <param name="duration">How far to go.</param>
    /// <param name="advanceClock">Moves the time provider forward by the given amount.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>A task that completes after the last step.</returns>
    public async Task AdvanceAsync(TimeSpan duration, Action<TimeSpan> advanceClock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(advanceClock);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        for (var left = duration; left > TimeSpan.Zero; left -= _options.TickInterval)
        {
            advanceClock(left < _options.TickInterval ? left : _options.TickInterval);
            await StepAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the fleet if needed, then ticks every device each <see cref="FleetSimulatorOptions.TickInterval"/> of the
    /// time provider until <paramref name="duration"/> has passed or the token is cancelled (a normal stop).
    /// </summary>
    /// <param name="duration">How long to run; <see cref="Timeout.InfiniteTimeSpan"/> runs until cancelled.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report at the end.</returns>
    public async Task<SimulationReport> RunAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (!IsStarted)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        // Ticks fall on whole multiples of the interval of the clock, as a board's timer would fire at its sample slots:
        // windows end on such a multiple, so a frame is sealed in the step at its window's end rather than up to a tick later.
        var tickMs = (long)_options.TickInterval.TotalMilliseconds;
        var offset = tickMs > 0 ? _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() % tickMs : 0;
        if (offset > 0 && duration != TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(tickMs - offset), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return GetReport();
            }
        }

        var now = _timeProvider.GetUtcNow();
        Schedule.Begin(now);
        var end = duration == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : now + duration;
        try
        {
            if (ReferenceEquals(_timeProvider, TimeProvider.System))
            {
                await ClockThread.RunAsync(_timeProvider, _options.TickInterval, end, TimedStep, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var periodic = new PeriodicTimer(_options.TickInterval, _timeProvider);
                TimedStep(cancellationToken);
                while (_timeProvider.GetUtcNow() < end && await periodic.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    TimedStep(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A requested stop.
        }

        await _publishing.DrainAsync().ConfigureAwait(false);
        var report = GetReport();
        _logger.LogInformation(
            "fleet simulator done: seed {Seed}, {Readings} readings produced, {Published} published, {Lost} lost in reboots, {Results} results",
            Seed, report.Totals.ReadingsProduced, report.Totals.ReadingsPublished, report.Totals.ReadingsLostInReboots, report.Totals.ResultsSent);
        return report;
    }

    private void TimedStep(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetUtcNow();
        SampleStep(cancellationToken);
        Schedule.Record(started, _timeProvider.GetUtcNow(), _options.TickInterval);
    }

    /// <summary>
    /// The step <see cref="RunAsync"/> takes each tick: every device samples, then publishing starts for the devices with
    /// something due and none under way, and the step returns without waiting for any PUBACK.
    /// </summary>
    /// <param name="cancellationToken">Stops between devices.</param>
    internal void SampleStep(CancellationToken cancellationToken)
    {
        SampleAll(cancellationToken);
        var started = _publishing.StartDue();
        _compaction.AfterStep(started, () => _publishing.AnyUnderWay);
    }

    /// <summary>Returns what every device did so far, and the totals.</summary>
    /// <returns>The report.</returns>
    public SimulationReport GetReport()
    {
        var devices = _devices.Select(d => d.GetReport()).ToArray();
        return new SimulationReport(Seed, devices, SimulationCounts.Sum(devices.Select(d => d.Counts)));
    }

    /// <summary>Closes every link cleanly.</summary>
    /// <returns>A task that completes when every link is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_devices.Select(d => d.Link.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
