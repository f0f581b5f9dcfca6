using BenchmarkDotNet.Attributes;
using EdgeCompute.Firmware.Kernels.Crypto;

namespace EdgeCompute.Benchmarks.Crypto;

/// <summary>
/// Boundary: SHA-256 of a 64 KiB buffer, the firmware core's own implementation (portable managed code,
/// as run by the coordinator to re-execute pow.sha256) beside System.Security.Cryptography (OpenSSL, with
/// SHA extensions where the CPU has them). MB/s = 65,536 B / mean time.
/// </summary>
[MemoryDiagnoser]
public class Sha256Benchmarks
{
    private readonly byte[] _data = new byte[64 * 1024];
    private readonly byte[] _digest = new byte[32];

    [GlobalSetup]
    public void Setup() => new Random(11).NextBytes(_data);

    [Benchmark(Baseline = true, Description = "firmware core Sha256 (64 KiB)")]
    public byte[] FirmwareCore()
    {
        Sha256.Hash(_data, 0, _data.Length, _digest, 0);
        return _digest;
    }

    [Benchmark(Description = "System.Security.Cryptography.SHA256 (64 KiB)")]
    public byte[] Bcl()
    {
        System.Security.Cryptography.SHA256.HashData(_data, _digest);
        return _digest;
    }

    [Benchmark(OperationsPerInvoke = 1000, Description = "pow.sha256 nonce (prefix 32 B + 8 B nonce, per hash)")]
    public byte[] PowSizedMessage()
    {
        for (var i = 0; i < 1000; i++) Sha256.Hash(_data, i, 40, _digest, 0);
        return _digest;
    }
}
