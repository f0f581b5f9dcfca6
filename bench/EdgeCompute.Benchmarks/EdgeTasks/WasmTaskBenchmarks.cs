using BenchmarkDotNet.Attributes;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Wasm.Host;
using EdgeCompute.Wasm.Host.Running;
using Wasmtime;

namespace EdgeCompute.Benchmarks.EdgeTasks;

/// <summary>
/// Boundary: one gateway edge task through the public <see cref="EdgeTaskPool.RunAsync"/> with the module already
/// compiled and cached (looked up by its SHA-256), a trivial module that echoes 16 input bytes: queue hop, fresh
/// Wasmtime store with fuel, memory and epoch-deadline limits, instantiation, alloc + run calls, output copy.
/// Beside it, in the same run: the bare Wasmtime floor (the baseline: a fresh store with fuel, instantiate the cached
/// module, one call; no limits, no input or output copy) and the shared <see cref="ModuleRunner"/> alone (every limit,
/// no queue), each on the on-demand allocator and on the pooling allocator the gateway's pool uses.
/// Goal (issue 21): the edge task at most 3× the floor. The "by bytes" variant also hashes the module bytes.
/// </summary>
[MemoryDiagnoser]
public class WasmTaskBenchmarks
{
    private static readonly byte[] Echo = Module.ConvertText("""
        (module
          (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "run") (param $in i32) (param $len i32) (result i64)
            (i64.or (i64.shl (i64.extend_i32_u (local.get $in)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
        """);

    private readonly byte[] _input = new byte[16];
    private EdgeTaskPool _pool = null!;
    private string _hash = "";
    private Engine _engine = null!;
    private Linker _linker = null!;
    private CompiledModule _module = null!;
    private ModuleRunner _runner = null!;
    private Engine _pooledEngine = null!;
    private Linker _pooledLinker = null!;
    private CompiledModule _pooledModule = null!;
    private ModuleRunner _pooledRunner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, TimeProvider.System);
        var warm = _pool.RunAsync(new EdgeTaskRequest("warm", Echo, _input)).GetAwaiter().GetResult();
        if (!warm.IsSuccess) throw new InvalidOperationException(warm.Message);
        _hash = warm.ModuleHash;

        _engine = DeterministicEngine.Create();
        _linker = new Linker(_engine);
        _module = ModuleCompiler.Compile(_engine, Echo, EdgeTaskLimits.DefaultMaxModuleBytes).Module!;
        _runner = new ModuleRunner(_engine, _ => { }, TimeProvider.System);

        // The gateway's engine: the pooling allocator, one slot per worker (EdgeTaskPool).
        _pooledEngine = DeterministicEngine.Create(concurrentInstances: 1);
        _pooledLinker = new Linker(_pooledEngine);
        _pooledModule = ModuleCompiler.Compile(_pooledEngine, Echo, EdgeTaskLimits.DefaultMaxModuleBytes).Module!;
        _pooledRunner = new ModuleRunner(_pooledEngine, _ => { }, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _runner.Dispose();
        _linker.Dispose();
        _module.Module.Dispose();
        _engine.Dispose();
        _pooledRunner.Dispose();
        _pooledLinker.Dispose();
        _pooledModule.Module.Dispose();
        _pooledEngine.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare Wasmtime: fresh store with fuel, instantiate, one call")]
    public long BareWasmtime() => Bare(_engine, _linker, _module);

    [Benchmark(Description = "bare Wasmtime, pooling allocator")]
    public long BareWasmtimePooled() => Bare(_pooledEngine, _pooledLinker, _pooledModule);

    [Benchmark(Description = "ModuleRunner.Run: every limit, alloc, input and output copy, no queue")]
    public int RunnerInline() => _runner.Run(_module, _input, EdgeTaskLimits.Default, null, CancellationToken.None).Output.Length;

    [Benchmark(Description = "ModuleRunner.Run, pooling allocator")]
    public int RunnerInlinePooled() => _pooledRunner.Run(_pooledModule, _input, EdgeTaskLimits.Default, null, CancellationToken.None).Output.Length;

    [Benchmark(Description = "edge task (pooling allocator), cached module by hash")]
    public async Task<int> CachedByHash()
    {
        var result = await _pool.RunAsync(new EdgeTaskRequest("t", ReadOnlyMemory<byte>.Empty, _input, _hash));
        return result.Output.Length;
    }

    [Benchmark(Description = "edge task (pooling allocator), cached module by bytes (hashes the module)")]
    public async Task<int> CachedByBytes()
    {
        var result = await _pool.RunAsync(new EdgeTaskRequest("t", Echo, _input));
        return result.Output.Length;
    }

    private long Bare(Engine engine, Linker linker, CompiledModule module)
    {
        using var store = new Store(engine);
        store.Fuel = 1_000_000;
        store.SetEpochDeadline(1); // the engine interrupts on epochs; nothing ticks this one
        var instance = linker.Instantiate(store, module.Module);
        return instance.GetFunction<int, int, long>("run")!(1024, _input.Length);
    }
}
