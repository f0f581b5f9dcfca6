using BenchmarkDotNet.Attributes;
using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Firmware.Kernels.Aggregation;

namespace EdgeCompute.Benchmarks.Aggregation;

/// <summary>
/// Boundary: the firmware core's streaming window aggregator on .NET (x64, RyuJIT), one channel, samples
/// from a slowly varying temperature trace. Reports time per sample and bytes allocated per sample (goal: 0).
/// nanoFramework interprets IL, so on an ESP32 the same code is far slower; this measures the algorithm.
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private const int Samples = 4096;
    private readonly WindowAggregator _aggregator = new();
    private int[] _trace = [];

    [GlobalSetup]
    public void Setup() => _trace = TelemetryTrace.Temperature(Samples, seed: 7);

    [Benchmark(OperationsPerInvoke = Samples, Description = "WindowAggregator.Add (per sample)")]
    public long AddSample()
    {
        _aggregator.Reset();
        var trace = _trace;
        for (var i = 0; i < trace.Length; i++) _aggregator.Add(trace[i]);
        return _aggregator.Count;
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "Add + Mean + Variance (per sample)")]
    public long AddSampleAndSummarise()
    {
        _aggregator.Reset();
        var trace = _trace;
        for (var i = 0; i < trace.Length; i++) _aggregator.Add(trace[i]);
        return _aggregator.Mean + _aggregator.Variance;
    }
}
