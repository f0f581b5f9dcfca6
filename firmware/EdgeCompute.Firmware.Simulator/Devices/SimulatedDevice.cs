using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Firmware.Simulator.Sensors;
using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Devices;

/// <summary>
/// One virtual ESP32: the firmware core's <see cref="DeviceAgent"/>, unchanged, over its link, with simulated sensors,
/// a boot counter kept in the fleet's <see cref="IBootStore"/> and its behaviours. The <see cref="FleetSimulator"/> builds and ticks it.
/// </summary>
/// <remarks>
/// The agent sees this chain as its transport: [cheater: re-seals forged results] → [flaky link: refuses publishes]
/// → meter (counts what the broker accepted) → the link. <see cref="Reboot"/> and the sampling steps run on the flow that
/// steps the fleet, under the lock of the sealing buffers (<see cref="AgentScratch"/>) the device shares with its
/// neighbours; publishing runs apart from them (<see cref="PublishAsync"/>: the agent's next message, sent
/// asynchronously, the next one after its PUBACK), so a slow broker never delays a sample; task messages arrive on the
/// link's receive thread.
/// </remarks>
public sealed class SimulatedDevice
{
    private readonly FleetSimulatorOptions _options;
    private readonly SimulationPlan _plan;
    private readonly IDeviceClock _clock;
    private readonly MeteredTransport _meter;
    private readonly FlakyLinkTransport? _flaky;
    private readonly CheatingTransport? _cheater;
    private readonly IAsyncDeviceTransport _agentTransport;
    private readonly TaskInbox _inbox;
    private readonly Random _random;
    private readonly byte[] _key;
    private readonly AgentScratch _scratch;
    private readonly DeviceTopics _topics;
    private volatile DeviceAgent _agent;
    private long _lastTickMs = -1;
    private long _publishedAtAgentStart;
    private long _readingsLostInReboots;
    private long _framesLostInReboots;
    private long _disconnects;
    private long _reboots;
    private int _publishing;
    private volatile bool _publishingStopped;
    private volatile SealStep? _lastSeal; // only with a frame log: the frames the last sealing step made, and when

    // The payload of the message being taken from the agent: one per thread, not one per device.
    [ThreadStatic]
    private static byte[]? t_publishScratch;

    // Counters of agents replaced by power-loss reboots.
    private long _pastReadingsProduced;
    private long _pastReadingsDropped;
    private long _pastFramesPublished;
    private long _pastResultsPublished;

    internal SimulatedDevice(
        SimulatedDeviceIdentity identity,
        DeviceBehavior behavior,
        int seed,
        FleetSimulatorOptions options,
        SimulationPlan plan,
        TimeProvider timeProvider,
        IDeviceLink link,
        IBootStore boots,
        AgentScratch scratch,
        DeviceTopics? topics = null,
        FrameAckLog? frameAcks = null)
    {
        DeviceId = identity.DeviceId;
        _key = identity.Key;
        _scratch = scratch;
        Behavior = behavior;
        Seed = seed;
        _options = options;
        _plan = plan;
        Link = link;
        var seeds = new Random(seed);
        _clock = new TimeProviderDeviceClock(timeProvider);
        Sensors = new SimulatedSensorArray(seeds.Next(), _clock, options.SensorFaults);
        _random = new Random(seeds.Next());
        BootCounter = new StoredBootCounter(boots, DeviceId);

        _topics = topics ?? new DeviceTopics(DeviceId);
        _meter = new MeteredTransport(link, _topics, frameAcks, timeProvider, frameAcks is null ? null : SealedAt);
        IAsyncDeviceTransport transport = _meter;
        if (behavior.HasFlag(DeviceBehavior.FlakyLink))
        {
            transport = _flaky = new FlakyLinkTransport(transport, plan.PublishRefusalRate, new Random(seeds.Next()));
        }

        if (behavior.HasFlag(DeviceBehavior.Cheater))
        {
            transport = _cheater = new CheatingTransport(transport, DeviceId, _key, plan.CheatRate, new Random(seeds.Next()));
        }

        _agentTransport = transport;
        _agent = NewAgent();
        _inbox = new TaskInbox(this, behavior.HasFlag(DeviceBehavior.Lazy), _cheater);
        link.Bind(_inbox);
    }

    /// <summary>Gets the device id.</summary>
    public string DeviceId { get; }

    /// <summary>Gets the device's behaviours.</summary>
    public DeviceBehavior Behavior { get; }

    /// <summary>Gets the device's seed.</summary>
    public int Seed { get; }

    /// <summary>Gets the agent of the current boot (a power-loss reboot replaces it).</summary>
    public DeviceAgent Agent => _agent;

    /// <summary>Gets the simulated sensors.</summary>
    public SimulatedSensorArray Sensors { get; }

    /// <summary>Gets the boot counter, kept across reboots (and across runs, with a <see cref="SimulatorStateFile"/>).</summary>
    public StoredBootCounter BootCounter { get; }

    /// <summary>Gets the link to the gateway broker.</summary>
    public IDeviceLink Link { get; }

    /// <summary>
    /// Reboots the device now. A power loss drops the link and starts a fresh agent: the frames in the old ring and
    /// the readings of the open window are lost (counted in the report). A clean restart calls the agent's
    /// <see cref="DeviceAgent.Start"/> again, which seals the open window under the old boot and keeps the ring.
    /// Either way the next boot counter is taken, the seq restarts and the birth goes out first.
    /// </summary>
    /// <param name="losePower">Whether the reboot is a power loss.</param>
    public void Reboot(bool losePower = true)
    {
        if (!_agent.IsStarted)
        {
            throw new InvalidOperationException($"{DeviceId}: not started");
        }

        _reboots++;
        if (!losePower)
        {
            lock (_scratch)
            {
                _agent.Start();
            }

            return;
        }

        var old = _agent;
        var publishedByOld = _meter.ReadingsPublished - _publishedAtAgentStart;
        _readingsLostInReboots += old.ReadingsProduced - old.ReadingsDropped - publishedByOld;
        _framesLostInReboots += old.BufferedFrames;
        _pastReadingsProduced += old.ReadingsProduced;
        _pastReadingsDropped += old.ReadingsDropped;
        _pastFramesPublished += old.FramesPublished;
        _pastResultsPublished += old.ResultsPublished;
        Link.DropConnection();
        _agent = NewAgent();
        _publishedAtAgentStart = _meter.ReadingsPublished;
        lock (_scratch)
        {
            _agent.Start();
        }
    }

    /// <summary>Returns what the device did so far.</summary>
    /// <returns>The report.</returns>
    public DeviceReport GetReport()
    {
        var agent = _agent;
        return new DeviceReport(DeviceId, Behavior, Seed, agent.Boot, agent.Seq, new SimulationCounts
        {
            ReadingsProduced = _pastReadingsProduced + agent.ReadingsProduced,
            ReadingsLostInReboots = _readingsLostInReboots,
            ReadingsDropped = _pastReadingsDropped + agent.ReadingsDropped,
            ReadingsPublished = _meter.ReadingsPublished,
            FramesPublished = _pastFramesPublished + agent.FramesPublished,
            TelemetryFramesPublished = _meter.TelemetryFrames,
            FramesLostInReboots = _framesLostInReboots,
            ResultsSent = _pastResultsPublished + agent.ResultsPublished,
            ResultsFalsified = _cheater?.ResultsFalsified ?? 0,
            TasksReceived = _inbox.Received,
            TasksIgnored = _inbox.Ignored,
            ConnectAttempts = Link.ConnectAttempts,
            Disconnects = _disconnects,
            PublishesRefused = _flaky?.PublishesRefused ?? 0,
            Reboots = _reboots,
            SensorDropouts = Sensors.Dropouts,
            SensorSpikes = Sensors.Spikes,
            SensorStuckReads = Sensors.StuckReads,
        });
    }

    /// <summary>Connects the link (waiting for the first attempt), boots the agent and publishes its birth and <c>online</c>.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        await Link.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _lastTickMs = _clock.UtcMilliseconds;
        lock (_scratch)
        {
            _agent.Start();
        }

        await PublishAsync().ConfigureAwait(false);
    }

    /// <summary>Gets whether <see cref="PublishAsync"/> is under way.</summary>
    internal bool IsPublishing => Volatile.Read(ref _publishing) != 0;

    /// <summary>Gets whether the agent has something to publish and no publishing is under way.</summary>
    internal bool NeedsPublishing => Volatile.Read(ref _publishing) == 0 && _agent.HasPendingPublish;

    /// <summary>
    /// Claims a round of publishing that starts later (<see cref="PublishClaimedAsync"/>): from this call on the device
    /// counts as publishing, so the end of a run waits for a round the fleet queued but no thread has started yet.
    /// </summary>
    /// <returns>Whether the agent has something due and no round was under way or claimed.</returns>
    internal bool TryClaimPublishing() => _agent.HasPendingPublish && Interlocked.CompareExchange(ref _publishing, 1, 0) == 0;

    /// <summary>
    /// Stops publishing for good at the end of a run: a round under way ends after the message in flight (at its PUBACK
    /// or its timeout) and no round takes another message, so nothing leaves the device after its report.
    /// </summary>
    internal void StopPublishing() => _publishingStopped = true;

    /// <summary>Runs the round <see cref="TryClaimPublishing"/> claimed.</summary>
    /// <returns>A task that completes when the round ended.</returns>
    internal Task PublishClaimedAsync() => PublishDueAsync();

    /// <summary>
    /// Publishes what the agent has due, one message at a time, each after the previous one's PUBACK, without holding a
    /// thread meanwhile; ends when nothing is due or a publish is refused. Completes at once when it is already under way.
    /// </summary>
    /// <returns>A task that completes when this round of publishing ended.</returns>
    internal Task PublishAsync() =>
        Interlocked.CompareExchange(ref _publishing, 1, 0) != 0 ? Task.CompletedTask : PublishDueAsync();

    private async Task PublishDueAsync()
    {
        try
        {
            while (!_publishingStopped)
            {
                var agent = _agent; // a power-loss reboot may replace it between messages
                var scratch = t_publishScratch ??= new byte[Core.Frames.ProtocolLimits.MaxDevicePayload];
                var length = agent.BeginPublish(scratch, 0, out var topic, out var retain);
                if (length == 0)
                {
                    return;
                }

                var accepted = false;
                try
                {
                    // The link may keep the array until the PUBACK: an array of the payload's size, not the scratch.
                    accepted = await _agentTransport.PublishAsync(topic, scratch.AsSpan(0, length).ToArray(), 0, length, retain).ConfigureAwait(false);
                }
                finally
                {
                    agent.EndPublish(accepted);
                }

                if (!accepted)
                {
                    return;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _publishing, 0);
        }
    }

    /// <summary>Lets the behaviours act for the time since the last step, then lets the agent sample (it never publishes here).</summary>
    internal void Sample()
    {
        var now = _clock.UtcMilliseconds;
        var hours = _lastTickMs < 0 || now <= _lastTickMs ? 0 : (now - _lastTickMs) / 3_600_000.0;
        _lastTickMs = now;
        if (_flaky is not null && Happens(_plan.DisconnectsPerHour, hours) && Link.IsConnected)
        {
            _disconnects++;
            Link.DropConnection();
        }

        if (Behavior.HasFlag(DeviceBehavior.Reboots) && Happens(_plan.RebootsPerHour, hours))
        {
            Reboot(_plan.RebootLosesPower);
        }

        lock (_scratch)
        {
            var agent = _agent;
            var sealedBefore = agent.FramesSealed;
            var seqBefore = agent.Seq;
            agent.Sample();
            if (_meter.LogsFrames && agent.FramesSealed != sealedBefore)
            {
                _lastSeal = new SealStep(agent.Boot, seqBefore + 1, agent.Seq, _clock.UtcMilliseconds);
            }
        }
    }

    // When the frame of this boot and seq was sealed: known for the frames of the last step that sealed any.
    private long? SealedAt(uint boot, uint seq) =>
        _lastSeal is { } last && last.Boot == boot && seq >= last.FirstSeq && seq <= last.LastSeq ? last.AtMs : null;

    // A Poisson process: the chance of at least one event in the elapsed time.
    private bool Happens(double perHour, double hours) =>
        perHour > 0 && hours > 0 && _random.NextDouble() < 1 - Math.Exp(-perHour * hours);

    private DeviceAgent NewAgent() =>
        new(_options.AgentOptions(DeviceId, _key, _topics), _agentTransport, _clock, Sensors, BootCounter, _scratch);

    private sealed record SealStep(uint Boot, uint FirstSeq, uint LastSeq, long AtMs);
}
