using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Protocol.Transport;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>
/// One whole gateway (<see cref="GatewayNode"/>, as the service runs it: device broker, ingest, SQLite outbox, uplink)
/// on an <see cref="OutageClock"/>, the coordinator fixture as its central broker, and devices that each publish one
/// frame per simulated minute over MQTT. During an outage the clock is driven event by event — the next device minute
/// or the uplink's next reconnect attempt, predicted from the same seeded jitter source the node was given — so it
/// moves only while the uplink is parked in a reconnect delay, and hours pass in a few seconds.
/// </summary>
internal sealed class OutageRun : IAsyncDisposable
{
    /// <summary>The uplink loop's tick with <c>Batching:MaxAge</c> at its 1 s default (MaxAge / 4, at most 250 ms).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private readonly TestGateway _gateway;
    private readonly IMqttClient[] _devices;
    private readonly ReconnectBackoff _schedule;
    private readonly ILoggerFactory _loggers;
    private uint _seq;
    private long _lastTimer;

    private OutageRun(TestGateway gateway, OutageClock clock, CoordinatorIngestFixture fixture, GatewayNode node, IMqttClient[] devices, int seed, ILoggerFactory loggers, WarningLog log)
    {
        _loggers = loggers;
        Log = log;
        _gateway = gateway;
        Clock = clock;
        Fixture = fixture;
        Node = node;
        _devices = devices;
        Seed = seed;
        var uplink = gateway.Options.Uplink;
        _schedule = new ReconnectBackoff(uplink.BackoffInitial, uplink.BackoffMax, uplink.BackoffJitter, new Random(seed));
    }

    /// <summary>Gets the warnings the node logged.</summary>
    public WarningLog Log { get; }

    public OutageClock Clock { get; }

    public CoordinatorIngestFixture Fixture { get; }

    public GatewayNode Node { get; }

    public GatewayOptions Options => _gateway.Options;

    public int Seed { get; }

    /// <summary>Gets every frame published and acknowledged, in publishing order (minute by minute).</summary>
    public List<FedFrame> Fed { get; } = [];

    /// <summary>Gets the outbox after every simulated minute of the outage.</summary>
    public List<OutboxCounters> Samples { get; } = [];

    public TimeSpan OutageLength { get; private set; }

    /// <summary>Gets the connection attempts the uplink counted while the broker was down.</summary>
    public long AttemptsDuringOutage { get; private set; }

    /// <summary>Gets the attempts the seeded schedule makes in that time (the first one, then one per delay that ran out).</summary>
    public int ScheduledAttempts { get; private set; }

    /// <summary>Gets the attempts from the broker's return to the reconnect.</summary>
    public long AttemptsToReconnect { get; private set; }

    /// <summary>Gets the simulated time from the broker's return to the reconnect.</summary>
    public TimeSpan ReconnectAfter { get; private set; }

    /// <summary>Starts the fixture and the node, connects the devices and waits for the uplink.</summary>
    public static async Task<OutageRun> StartAsync(int devices, long outboxMaxBytes, int seed)
    {
        var gateway = new TestGateway(devices);
        var log = new WarningLog();
        var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        try
        {
            var options = gateway.Options;
            options.Outbox.MaxBytes = outboxMaxBytes;
            options.Outbox.SyncEveryCommit = false; // power-loss durability is tested elsewhere; this is about the outage
            options.Outbox.CommitTimeout = TimeSpan.FromDays(1); // a fake-clock wait: hours pass while a commit may be in flight
            options.Wasm.Enabled = false; // no gateway tasks here
            var clock = new OutageClock();
            var fixture = gateway.Own(new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File));
            await fixture.StartAsync();
            var node = gateway.CreateNode(fixture.Url, clock, random: new Random(seed), loggerFactory: loggers);
            await node.StartAsync(TestContext.Current.CancellationToken);
            var clients = new IMqttClient[devices];
            for (var d = 0; d < devices; d++)
            {
                var entry = gateway.File.Devices[d];
                var (client, connected) = await DeviceClient.ConnectAsync(options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
                clients[d] = client;
                Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
            }

            await Eventually.TrueAsync(() => node.Uplink.IsConnected, "the uplink connected", Generous);
            return new OutageRun(gateway, clock, fixture, node, clients, seed, loggers, log);
        }
        catch
        {
            await gateway.DisposeAsync();
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>With the link up: publishes <paramref name="minutes"/> minutes of frames, each minute delivered and acked before the next.</summary>
    public async Task FeedWithLinkUpAsync(int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            Clock.Step(Minute);
            await PublishMinuteAsync(duringOutage: false, _ => false);
            await DrainAsync();
        }
    }

    /// <summary>
    /// Stops the central broker for <paramref name="length"/> of simulated time while every device publishes a frame a
    /// minute (<paramref name="isResult"/> picks the seqs sent as result frames), counting the uplink's attempts against
    /// the seeded schedule; then starts the broker again, lets the uplink's pending delay run out and steps the clock
    /// until the outbox is empty.
    /// </summary>
    public async Task RunOutageAsync(TimeSpan length, Func<uint, bool> isResult)
    {
        var uplink = Node.Uplink;
        var attemptsBefore = uplink.Events[UplinkEvent.ConnectAttempt];
        var connectedBefore = uplink.Events[UplinkEvent.Connected];
        await Fixture.StopAsync();
        var start = Clock.GetUtcNow();
        var end = start + length;
        await Eventually.TrueAsync(() => !uplink.IsConnected, "the uplink to see the central broker go", Generous);

        // The loop notices on its next tick: the first attempt fails and it waits the first seeded delay.
        var attempts = 1;
        var nextAttemptAt = await NextAttemptAsync(stepTicks: true);
        var nextMinute = start + Minute;
        while ((nextAttemptAt < nextMinute ? nextAttemptAt : nextMinute) is var next && next <= end)
        {
            Clock.StepTo(next);
            if (next == nextAttemptAt)
            {
                attempts++;
                nextAttemptAt = await NextAttemptAsync(stepTicks: false);
            }

            if (next == nextMinute)
            {
                await PublishMinuteAsync(duringOutage: true, isResult);
                Samples.Add(Node.Outbox.Counters());
                nextMinute += Minute;
            }
        }

        Clock.StepTo(end);
        OutageLength = Clock.GetUtcNow() - start;
        ScheduledAttempts = attempts;
        AttemptsDuringOutage = uplink.Events[UplinkEvent.ConnectAttempt] - attemptsBefore;
        Assert.Equal(connectedBefore, uplink.Events[UplinkEvent.Connected]);

        await Fixture.StartAsync();
        Clock.StepTo(nextAttemptAt);
        await Eventually.TrueAsync(() => uplink.Events[UplinkEvent.Connected] == connectedBefore + 1, "the uplink to reconnect once the broker is back", Generous);
        ReconnectAfter = nextAttemptAt - end;
        AttemptsToReconnect = uplink.Events[UplinkEvent.ConnectAttempt] - attemptsBefore - AttemptsDuringOutage;
        await DrainAsync();
    }

    /// <summary>The numbers of the run.</summary>
    public OutageReport Report() => new(
        Seed,
        OutageLength,
        Fed.Count(f => f.DuringOutage),
        Samples.Max(s => s.PendingItems),
        Samples.Max(s => s.Bytes),
        Options.Outbox.MaxBytes,
        AttemptsDuringOutage,
        BackoffEnvelope.MostAttempts(OutageLength, Options.Uplink),
        BackoffEnvelope.FewestAttempts(OutageLength, Options.Uplink, FirstAttemptSlack),
        ReconnectAfter,
        Fixture.FramesStored,
        Node.Outbox.Counters().EvictedFrames,
        Fixture.Gaps.Count,
        Interlocked.Read(ref Fixture.BatchDuplicates));

    /// <summary>How late the first attempt may come after the broker stops: the uplink notices on its next tick.</summary>
    public static TimeSpan FirstAttemptSlack => TimeSpan.FromSeconds(1);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _devices)
        {
            client.Dispose();
        }

        await _gateway.DisposeAsync();
        _loggers.Dispose();
    }

    /// <summary>Steps the uplink's tick until the outbox is empty: every item batched, every batch acked.</summary>
    private Task DrainAsync() => Eventually.TrueAsync(
        () => Node.Outbox.PendingItems == 0 && Node.Outbox.UnackedBatches == 0,
        "the outbox to drain",
        Generous,
        () => Clock.Step(Tick));

    /// <summary>Waits until the uplink has failed an attempt and asked for the next seeded delay; returns when that delay runs out.</summary>
    private async Task<DateTimeOffset> NextAttemptAsync(bool stepTicks)
    {
        // Task.Delay asks the clock for whole milliseconds (it truncates the delay).
        var next = _schedule.Next();
        var delay = TimeSpan.FromTicks(next.Ticks - (next.Ticks % TimeSpan.TicksPerMillisecond));
        var deadline = DateTime.UtcNow + Generous;
        (DateTimeOffset At, long Seq)? created;
        while ((created = Clock.CreatedAfter(delay, _lastTimer)) is null)
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"the uplink did not fail attempt {_schedule.Failures} and wait {delay} (the seeded backoff); uplink events " +
                string.Join(", ", Node.Uplink.Events.Snapshot().Select(e => $"{e.Key}={e.Value}")) + $"; timers asked for lately: {Clock.RecentTimers()}; warnings: {string.Join(" | ", Log.Lines.TakeLast(5))}");
            if (stepTicks)
            {
                Clock.Step(Tick);
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        _lastTimer = created.Value.Seq;
        return created.Value.At + delay;
    }

    /// <summary>Every device publishes the next seq, concurrently; each must be acknowledged (stored durably).</summary>
    private async Task PublishMinuteAsync(bool duringOutage, Func<uint, bool> isResult)
    {
        var seq = ++_seq;
        var result = isResult(seq);
        var frames = await Task.WhenAll(_devices.Select(async (client, d) =>
        {
            var id = _gateway.IdOf(d);
            var (bytes, readings) = result ? (TestFrames.Result(_gateway.KeyOf(d), id, 1, seq), 0L) : TestFrames.Summary(_gateway.KeyOf(d), id, 1, seq);
            var published = await DeviceClient.PublishAsync(client, ProtocolTopics.Device(id, result ? DeviceTopicKind.Res : DeviceTopicKind.Tel), bytes);
            Assert.True(published.ReasonCode == MqttClientPublishReasonCode.Success, $"{id} seq {seq} not acknowledged: {published.ReasonCode}");
            return new FedFrame(id, seq, readings, result, duringOutage);
        }));
        Fed.AddRange(frames);
    }
}
