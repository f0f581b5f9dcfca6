using BenchmarkDotNet.Attributes;
using EdgeCompute.Gateway.EdgeTasks;

namespace EdgeCompute.Benchmarks.EdgeTasks;

/// <summary>
/// Boundary: one gateway edge task through the public <see cref="EdgeTaskPool.RunAsync"/> with the module already
/// compiled and cached (looked up by its SHA-256), a trivial module that echoes 16 input bytes: queue hop, fresh
/// Wasmtime store with fuel, memory and epoch-deadline limits, instantiation, alloc + run calls, output copy.
/// Goal: under 100 µs per task. The "by bytes" variant also hashes the module bytes to find the cache entry.
/// </summary>
[MemoryDiagnoser]
public class WasmTaskBenchmarks
{
    private static readonly byte[] Echo = Wasmtime.Module.ConvertText("""
        (module
          (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "run") (param $in i32) (param $len i32) (result i64)
            (i64.or (i64.shl (i64.extend_i32_u (local.get $in)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
        """);

    private readonly byte[] _input = new byte[16];
    private EdgeTaskPool _pool = null!;
    private string _hash = "";

    [GlobalSetup]
    public void Setup()
    {
        _pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, TimeProvider.System);
        var warm = _pool.RunAsync(new EdgeTaskRequest("warm", Echo, _input)).GetAwaiter().GetResult();
        if (!warm.IsSuccess) throw new InvalidOperationException(warm.Message);
        _hash = warm.ModuleHash;
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true, Description = "edge task, cached module by hash")]
    public async Task<int> CachedByHash()
    {
        var result = await _pool.RunAsync(new EdgeTaskRequest("t", ReadOnlyMemory<byte>.Empty, _input, _hash));
        return result.Output.Length;
    }

    [Benchmark(Description = "edge task, cached module by bytes (hashes the module)")]
    public async Task<int> CachedByBytes()
    {
        var result = await _pool.RunAsync(new EdgeTaskRequest("t", Echo, _input));
        return result.Output.Length;
    }
}
