using Wasmtime;

namespace EdgeCompute.Wasm.Host;

/// <summary>Builds the Wasmtime engine every edge task runs on, and the coordinator checks modules on; docs/wasm-abi.md explains each setting.</summary>
public static class DeterministicEngine
{
    /// <summary>The WebAssembly stack a task may use; deeper recursion traps (stack overflow) instead of harming the host thread.</summary>
    public const int MaxWasmStackBytes = 512 * 1024;

    /// <summary>The most table elements a task's store may hold (its store limit, and a pooled slot's size).</summary>
    public const int MaxTableElements = 100_000;

    /// <summary>
    /// The bytes at the start of a pooled slot's linear memory kept mapped and zeroed by a memset when the slot is reused,
    /// instead of released to the kernel and faulted in again by the next task's first write (its input copy): one page.
    /// </summary>
    public const int PooledKeepResidentBytes = 64 * 1024;

    /// <summary>Creates an engine under the gateways' deterministic configuration (fuel, epoch interruption, canonical NaNs, no SIMD, threads, multi-memory, memory64, GC or components).</summary>
    /// <param name="concurrentInstances">
    /// 0 (the default) allocates each instance's memory on demand; a positive number uses Wasmtime's pooling allocator
    /// with that many slots, each holding one instance with its one memory (up to 4 GiB, reserved, not committed) and
    /// table: instantiation then reuses a slot instead of mapping memory afresh (measured in docs/performance.md,
    /// "WebAssembly per-task overhead"). The caller must never hold more live stores at once than slots (a
    /// worker per slot, each disposing its store before the next): one more fails to instantiate.
    /// </param>
    /// <returns>The engine; the caller disposes it.</returns>
    public static Engine Create(int concurrentInstances = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(concurrentInstances);
        using var config = new Config()
            // Cost and wall-clock limits.
            .WithFuelConsumption(true)
            .WithEpochInterruption(true)
            // Same bits on every gateway: one NaN pattern, and no proposals whose results may differ by host
            // (relaxed SIMD) or by scheduling (threads). Plain SIMD is deterministic apart from NaN bits but is
            // left off so the accepted instruction set stays small and the same on every Pi.
            .WithCraneliftNaNCanonicalization(true)
            .WithRelaxedSIMD(false, true)
            .WithSIMD(false)
            .WithWasmThreads(false)
            .WithMultiMemory(false)
            .WithMemory64(false)
            .WithGc(false)
            .WithComponentModel(false)
            .WithMaximumStackSize(MaxWasmStackBytes)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        if (concurrentInstances == 0)
        {
            return new Engine(config);
        }

        // Pooled slots: every limit a task's store sets (EdgeTaskLimits, ModuleRunner) fits in one slot, so pooling
        // refuses nothing the on-demand allocator would run.
        using var pool = new PoolingAllocationConfig()
            .WithMaxCoreInstances((uint)concurrentInstances)
            .WithMaxMemories((uint)concurrentInstances)
            .WithMaxTables((uint)concurrentInstances)
            .WithMaxMemoriesPerModule(1)
            .WithMaxTablesPerModule(1)
            .WithMaxMemorySize(unchecked((nuint)EdgeTaskLimits.MaxMemoryBytes)) // Wasmtime runs on 64-bit hosts only
            .WithMaxTableElements(MaxTableElements)
            .WithLinearMemoryKeepResidentBytes(PooledKeepResidentBytes);
        return new Engine(config.WithPoolingAllocationStrategy(pool));
    }
}
