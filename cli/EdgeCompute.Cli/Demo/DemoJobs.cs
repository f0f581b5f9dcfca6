using System.Text;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

namespace EdgeCompute.Cli.Demo;

/// <summary>One job of every kind, sized to finish well within the demo on a 2-core machine.</summary>
internal static class DemoJobs
{
    /// <summary>The fee of each job, in micro-units.</summary>
    public const long Fee = 500_000;

    /// <summary>The geohash region of the demo's gateways.</summary>
    public const string Region = "u4pruyd";

    /// <summary>Width and height of the rendered Mandelbrot image.</summary>
    public const int ImageWidth = 256, ImageHeight = 192;

    /// <summary>The compute jobs submitted at the start.</summary>
    public static IEnumerable<JobSpec> AtStart(int seed, byte[] mandelbrot)
    {
        yield return new MonteCarloPiJobSpec(2_000_000, 100_000, (ulong)seed);
        yield return new PowJobSpec(Encoding.ASCII.GetBytes($"edgecompute-demo-{seed}"), 16, 0, 1UL << 20, 1UL << 16);
        yield return new PrimesJobSpec(0, 2_000_000, 100_000);
        yield return MandelbrotJob.Create(mandelbrot, ImageWidth, ImageHeight, 64, 64, 64, 50_000_000, 1 << 20);
    }

    /// <summary>The sensor query, submitted once the gateways hold some windows: the mean temperature over the whole run.</summary>
    public static SensorQueryJobSpec SensorQuery(byte[] sumWindows, DateTimeOffset from, DateTimeOffset to) =>
        new(sumWindows, "temp", Region[..4], from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), 10_000_000, 1 << 20);
}
