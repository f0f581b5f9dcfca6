using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>
/// The gateway as a Sparkplug B edge node. Each MQTT CONNECT registers an NDEATH will carrying the next
/// <c>bdSeq</c>; the session opens with an NBIRTH (<c>seq</c> 0, the same <c>bdSeq</c>, <c>Node Control/Rebirth</c>).
/// Each device (and the gateway's own sensors, as a device named after the gateway) is born with a DBIRTH on its first
/// stored window of the session — and again when its channels change — naming every metric with its alias; later
/// windows go out as DDATA by alias; a device's stored <c>offline</c> state sends its DDEATH. Every message after the
/// NBIRTH carries the next <c>seq</c> (0–255, wrapping). A <c>Node Control/Rebirth</c> NCMD republishes the births;
/// every other command is refused and counted.
/// </summary>
public sealed class SparkplugBridge : MqttBridge
{
    /// <summary>The node metric a host application writes true to ask for a rebirth.</summary>
    public const string RebirthMetric = "Node Control/Rebirth";

    private readonly SparkplugOptions _options;
    private readonly Dictionary<string, SparkplugDevice> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _aliases = new(StringComparer.Ordinal);
    private SparkplugTopics? _topics;
    private BdSeqStore? _bdSeqStore;
    private int _bdSeq;
    private int _seq;
    private long _rebirths;

    /// <summary>Creates the edge node (not started).</summary>
    /// <param name="options">Its validated options.</param>
    public SparkplugBridge(IOptions<SparkplugOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Creates the edge node (not started).</summary>
    /// <param name="options">Its validated options.</param>
    public SparkplugBridge(SparkplugOptions options)
        : base("sparkplug", options?.Enabled ?? false, options?.Broker)
    {
        _options = options!;
    }

    /// <summary>Gets how many rebirths a host application asked for.</summary>
    public long Rebirths => Interlocked.Read(ref _rebirths);

    /// <summary>Gets the topics (after start).</summary>
    public SparkplugTopics Topics => _topics ?? throw new InvalidOperationException("the edge node is not started");

    /// <inheritdoc />
    protected override void OnStarting()
    {
        _topics = new SparkplugTopics(_options.GroupId, string.IsNullOrEmpty(_options.EdgeNodeId) ? Context.GatewayId : _options.EdgeNodeId);
        _bdSeqStore = new BdSeqStore(Context.DataFolder);
    }

    /// <inheritdoc />
    protected override BridgeWill NextWill()
    {
        _bdSeq = _bdSeqStore!.Next();
        return new BridgeWill(Topics.Node("NDEATH"), Death(), Retain: false, AtLeastOnce: true);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> Subscriptions() => [Topics.Node("NCMD"), Topics.Device("DCMD", "+")];

    /// <inheritdoc />
    protected override Task<bool> OnConnectedAsync(CancellationToken cancellationToken) => BirthAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task HandleAsync(BridgeEvent bridgeEvent, CancellationToken cancellationToken)
    {
        switch (bridgeEvent)
        {
            case WindowStored { Summary: { } summary } stored:
                var source = summary.SourceId;
                var metrics = SparkplugWindowMetrics.Of(stored);
                var device = _devices.TryGetValue(source, out var known) ? known : _devices[source] = new SparkplugDevice();
                var reborn = !device.Born || !device.SameMetrics(metrics);
                device.Last = metrics;
                device.LastTimestampMs = summary.WindowStartMs;
                device.Online = true;
                device.Born = await PublishDeviceAsync(reborn ? "DBIRTH" : "DDATA", source, device, cancellationToken).ConfigureAwait(false) || (device.Born && !reborn);
                break;

            case DeviceStateStored { Online: true } state when _devices.TryGetValue(state.DeviceId, out var back):
                back.Online = true;
                break;

            case DeviceStateStored { Online: false } state when _devices.TryGetValue(state.DeviceId, out var leaving):
                leaving.Online = false;
                if (leaving.Born)
                {
                    leaving.Born = false;
                    var death = new SparkplugPayload { Timestamp = Now(), Seq = NextSeq() };
                    await PublishAsync(Topics.Device("DDEATH", state.DeviceId), death.ToByteArray(), retain: false, atLeastOnce: false, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <inheritdoc />
    protected override void OnMessage(string topic, byte[] payload)
    {
        SparkplugPayload? command = null;
        try
        {
            command = SparkplugPayload.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            // Refused below.
        }

        var rebirth = topic == Topics.Node("NCMD") && command is not null
            && command.Metrics.Any(m => m.Name == RebirthMetric && m.ValueCase == SparkplugPayload.Types.Metric.ValueOneofCase.BooleanValue && m.BooleanValue);
        if (!rebirth)
        {
            Counters.OnRefusedCommand();
            Logger.LogWarning("Sparkplug: refused a command on {Topic} ({Metrics}); only {Rebirth} is accepted", topic, command is null ? "not a Sparkplug payload" : string.Join(", ", command.Metrics.Select(m => m.Name)), RebirthMetric);
            return;
        }

        Interlocked.Increment(ref _rebirths);
        Logger.LogInformation("Sparkplug: rebirth requested by a host application");
        RunOnLoop(BirthAsync);
    }

    /// <inheritdoc />
    protected override Task OnStoppingAsync(CancellationToken cancellationToken) =>
        PublishAsync(Topics.Node("NDEATH"), Death(), retain: false, atLeastOnce: true, cancellationToken);

    private async Task<bool> BirthAsync(CancellationToken cancellationToken)
    {
        _seq = 0;
        var birth = new SparkplugPayload { Timestamp = Now(), Seq = 0 };
        var now = (long)birth.Timestamp;
        birth.Metrics.Add(SparkplugMetric.Int64("bdSeq", _bdSeq).ToProto(alias: null, now, withName: true));
        birth.Metrics.Add(SparkplugMetric.Boolean(RebirthMetric, false).ToProto(alias: null, now, withName: true));
        birth.Metrics.Add(SparkplugMetric.String("Node Info/Software Version", Context.SoftwareVersion).ToProto(alias: null, now, withName: true));
        birth.Metrics.Add(SparkplugMetric.Int64("Node Info/Devices", Context.Devices.Count).ToProto(alias: null, now, withName: true));
        if (!await PublishAsync(Topics.Node("NBIRTH"), birth.ToByteArray(), retain: false, atLeastOnce: false, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        foreach (var (deviceId, device) in _devices)
        {
            device.Born = device.Online && device.Last is not null
                && await PublishDeviceAsync("DBIRTH", deviceId, device, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private Task<bool> PublishDeviceAsync(string type, string deviceId, SparkplugDevice device, CancellationToken cancellationToken)
    {
        var birth = type == "DBIRTH";
        var payload = new SparkplugPayload { Timestamp = Now(), Seq = NextSeq() };
        foreach (var metric in device.Last!)
        {
            payload.Metrics.Add(metric.ToProto(AliasOf(deviceId, metric.Name), device.LastTimestampMs, withName: birth));
        }

        return PublishAsync(Topics.Device(type, deviceId), payload.ToByteArray(), retain: false, atLeastOnce: false, cancellationToken);
    }

    private ulong AliasOf(string deviceId, string metric)
    {
        // Unique over the edge node's metrics and stable for the process: a rebirth repeats the same aliases.
        var key = deviceId + "\n" + metric;
        if (!_aliases.TryGetValue(key, out var alias))
        {
            _aliases[key] = alias = (ulong)_aliases.Count + 1;
        }

        return alias;
    }

    private byte[] Death()
    {
        var death = new SparkplugPayload { Timestamp = Now() };
        death.Metrics.Add(SparkplugMetric.Int64("bdSeq", _bdSeq).ToProto(alias: null, (long)death.Timestamp, withName: true));
        return death.ToByteArray();
    }

    private ulong NextSeq()
    {
        _seq = (_seq + 1) % 256;
        return (ulong)_seq;
    }

    private ulong Now() => (ulong)Context.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class SparkplugDevice
    {
        public bool Born { get; set; }

        public bool Online { get; set; } = true;

        public IReadOnlyList<SparkplugMetric>? Last { get; set; }

        public long LastTimestampMs { get; set; }

        public bool SameMetrics(IReadOnlyList<SparkplugMetric> metrics) =>
            Last is not null && Last.Count == metrics.Count && Last.Zip(metrics).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type);
    }
}
