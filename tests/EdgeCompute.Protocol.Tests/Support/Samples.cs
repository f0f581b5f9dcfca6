using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Protocol.Tests.Support;

/// <summary>Valid messages of every kind, shared by round-trip and fuzz tests.</summary>
internal static class Samples
{
    public static readonly byte[] DeviceKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static readonly ECDsa GatewayKey = P256Keys.Generate();

    public static readonly ECDsa CoordinatorKey = P256Keys.Generate();

    public static WindowSummary Summary() => new(
        "dev-0001",
        1_764_000_000_000,
        60_000,
        [
            new ChannelSummary("temp", "Cel", -2, 60, 2291, 2317, 2304, 5321),
            new ChannelSummary("rh", "%RH", 0, 60, 40, 44, 42, 1),
        ]);

    public static IReadOnlyList<RawSampleChannel> RawChannels() =>
    [
        new RawSampleChannel("temp", "Cel", -2, 1_764_000_000_000, 1000, [2291, 2292, 2291, 2300, -5, long.MaxValue / 2]),
        new RawSampleChannel("count", "", 0, 1_764_000_000_500, 250, [7]),
    ];

    public static TaskAssignment Assignment(KernelParameters? parameters = null) =>
        new("job-7-t12", 0, "dev-0001", parameters ?? new MonteCarloPiParameters(42, 100_000), 200_000, 1_764_000_060_000);

    public static IEnumerable<KernelParameters> AllParameters() =>
    [
        new PowSha256Parameters(new byte[] { 1, 2, 3 }, 10, 1000, 12),
        new MonteCarloPiParameters(42, 100_000),
        new PrimesCountParameters(1_000_000, 1_100_000),
        new StatsWindowParameters([1, -2, int.MaxValue, int.MinValue]),
        new OpaqueKernelParameters("wasm.run", new byte[] { 0x82, 0x01, 0x41, 0xff }),
    ];

    public static TaskResult Result() =>
        new("job-7-t12", 0, "mc.pi", TaskResultStatus.Ok, 100_000, new MonteCarloPiOutput(78_551, 100_000));

    public static DeviceBirth DeviceBirth() => new("0.1.0", "esp32", KernelNames.All, 327_680, 240, [new SensorDescriptor("temp", "Cel", -2), new SensorDescriptor("rh", "%RH", 0)]);

    public static GatewayBirth GatewayBirth() => new("gw-01", 2, 1_764_000_000_000, 4, 4_000_000_000, true, ["dev-0001", "dev-0002"], "u33dc0", ["wasm", "pow.sha256"]);

    public static byte[] FrameBytes(FrameType type = FrameType.WindowSummary, uint seq = 17)
    {
        var body = type == FrameType.WindowSummary ? WindowSummaryCodec.Encode(Summary()) : TaskResultCodec.Encode(Result());
        var assignment = type == FrameType.Result ? TaskAssignmentCodec.Encode(Assignment()) : default;
        return DeviceFrameCodec.Encode(DeviceFrameMac.Seal(DeviceKey, "dev-0001", 3, seq, type, body, assignment));
    }

    public static GatewayBatchBody BatchBody() => new(
        [
            new DeviceFrameItem(FrameBytes()),
            GatewayTelemetryItem.From(Summary() with { SourceId = "gw-01" }),
            new DeviceStateItem("dev-0002", false, 1_764_000_123_000),
            new TelemetryGapItem("dev-0003", 4, 10, 19, 600),
            new TaskReturnedItem("job-7-t12", 1, "dev-0002", TaskReturnReason.DeviceOffline),
        ],
        new GatewayStatus(870, 512_000_000, 12));

    public static byte[] BatchBytes(BatchCodec codec = BatchCodec.Deflate, ulong seq = 4711) =>
        GatewayBatchCodec.Encode(BatchSealer.Seal(BatchBody(), "gw-01", 1, seq, codec, GatewayKey));

    public static CoordinatorAck Ack() =>
        CoordinatorAckSignature.Sign(new CoordinatorAck("gw-01", 1, [4710, 4711], [4700], 1_764_000_124_000, default), CoordinatorKey);

    public static CoordinatorTask Task() =>
        CoordinatorTaskSignature.Sign(new CoordinatorTask("gw-01", "dev-0001", TaskAssignmentCodec.Encode(Assignment()), 1_764_000_000_000, default), CoordinatorKey);
}
