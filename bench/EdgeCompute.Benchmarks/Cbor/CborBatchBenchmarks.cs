using BenchmarkDotNet.Attributes;
using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Benchmarks.Cbor;

/// <summary>
/// Boundary: CBOR work on one gateway batch body of 500 device frames (each a sealed 3-channel window
/// summary of 15 SenML records), in memory, single thread. Encode/decode use EdgeCompute.Protocol
/// (System.Formats.Cbor); "open" adds what the coordinator does per frame: envelope decode, HMAC check and
/// SenML decode. The last benchmark is the firmware core's own writer building and sealing one frame.
/// </summary>
[MemoryDiagnoser]
public class CborBatchBenchmarks
{
    private GatewayBatchBody _body = null!;
    private byte[] _raw = [];
    private byte[][] _keys = [];
    private WindowAggregator[] _aggregators = [];
    private WindowSummaryWriter _writer = null!;
    private FrameSealer _sealer = null!;
    private readonly byte[] _bodyBuffer = new byte[1024];
    private readonly byte[] _frameBuffer = new byte[1200];
    private CborEncoder _bodyEncoder = null!;
    private CborEncoder _frameEncoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (raw, _, _, keys) = RealisticBatch.Summaries(500);
        _raw = raw;
        _keys = keys;
        _body = GatewayBatchBodyCodec.Decode(raw).Value!;

        _aggregators = [new WindowAggregator(), new WindowAggregator(), new WindowAggregator()];
        var traces = new[] { TelemetryTrace.Temperature(60, 3), TelemetryTrace.Humidity(60, 3), TelemetryTrace.Pressure(60, 3) };
        for (var c = 0; c < 3; c++) foreach (var v in traces[c]) _aggregators[c].Add(v);
        _writer = new WindowSummaryWriter("dev-0001",
            [new ChannelDescription("temp", "Cel", -2), new ChannelDescription("humidity", "%RH", -2), new ChannelDescription("pressure", "hPa", -2)]);
        _sealer = new FrameSealer("dev-0001", keys[1]);
        _bodyEncoder = new CborEncoder(_bodyBuffer);
        _frameEncoder = new CborEncoder(_frameBuffer);
    }

    [Benchmark(Description = "Protocol: encode 500-frame batch body")]
    public byte[] EncodeBody() => GatewayBatchBodyCodec.Encode(_body);

    [Benchmark(Description = "Protocol: decode 500-frame batch body")]
    public int DecodeBody() => GatewayBatchBodyCodec.Decode(_raw).Value!.Items.Count;

    [Benchmark(Description = "Protocol: open 500 frames (decode + HMAC + SenML)")]
    public long OpenFrames()
    {
        long readings = 0;
        foreach (var item in _body.Items)
        {
            var frame = DeviceFrameCodec.Decode(((DeviceFrameItem)item).Frame).Value!;
            var key = _keys[int.Parse(frame.DeviceId.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture)];
            if (!DeviceFrameMac.Verify(frame, key)) throw new InvalidOperationException("MAC");
            readings += TelemetryReadings.Count(WindowSummaryCodec.Decode(frame.Body).Value!);
        }

        return readings;
    }

    [Benchmark(Description = "firmware core: write + seal one 3-channel summary frame")]
    public int FirmwareSealFrame()
    {
        _bodyEncoder.Reset();
        _writer.Write(_bodyEncoder, _aggregators, RealisticBatch.StartMs, 60_000);
        _frameEncoder.Reset();
        _sealer.Seal(1, 7, EdgeCompute.Firmware.Core.Frames.FrameType.WindowSummary, _bodyBuffer, 0, _bodyEncoder.Length, null, 0, _frameEncoder);
        return _frameEncoder.Length;
    }
}
