using EdgeCompute.Cli.Endpoints;

namespace EdgeCompute.Cli.Simulate;

/// <summary>What <c>edgecompute simulate</c> was asked to run.</summary>
/// <param name="FleetFolder">The fleet folder.</param>
/// <param name="Broker">The device broker every device connects to; each device's own gateway (host and port of its device file) when null.</param>
/// <param name="GatewayId">Only this gateway's devices, or all when null.</param>
/// <param name="DeviceLimit">Only the first this many, or all when null.</param>
/// <param name="SampleRateHz">Samples per second per channel.</param>
/// <param name="WindowSeconds">Seconds per telemetry window.</param>
/// <param name="DurationSeconds">How long to run, or until cancelled when null.</param>
/// <param name="Seed">The fleet seed, or a random one when null.</param>
/// <param name="Json">Whether the totals are printed as JSON on the last line.</param>
/// <param name="Shares">Who misbehaves.</param>
/// <param name="DataFolder">Where the devices' state file lives (<c>DATA/simulator</c>).</param>
/// <param name="CaFile">The CA the gateway's certificate must chain to (with mqtts://); the system's roots when null.</param>
/// <param name="TickThreads">How many threads sample the devices at each tick.</param>
/// <param name="KeepAliveSeconds">The devices' MQTT keep-alive in seconds; 0 turns it off.</param>
/// <param name="RingBytes">Each device's store-and-forward ring in bytes.</param>
/// <param name="Mqtt311">Whether the devices speak MQTT 3.1.1 (as boards do) instead of MQTT 5.</param>
/// <param name="FrameLog">Where to write one CSV line per acknowledged telemetry frame (window end, seal and PUBACK times); none when null.</param>
internal sealed record SimulationRequest(
    string FleetFolder,
    Endpoint? Broker,
    string? GatewayId,
    int? DeviceLimit,
    double SampleRateHz,
    double WindowSeconds,
    double? DurationSeconds,
    int? Seed,
    bool Json,
    BehaviourShares Shares,
    string DataFolder,
    FileInfo? CaFile = null,
    int TickThreads = SimulationRun.DefaultTickThreads,
    int KeepAliveSeconds = SimulationRun.DefaultKeepAliveSeconds,
    int RingBytes = SimulationRun.DefaultRingBytes,
    bool Mqtt311 = false,
    FileInfo? FrameLog = null);
