using Wasmtime;

namespace EdgeCompute.Wasm.Host;

/// <summary>Builds the Wasmtime engine every edge task runs on, and the coordinator checks modules on; docs/wasm-abi.md explains each setting.</summary>
public static class DeterministicEngine
{
    /// <summary>The WebAssembly stack a task may use; deeper recursion traps (stack overflow) instead of harming the host thread.</summary>
    public const int MaxWasmStackBytes = 512 * 1024;

    /// <summary>Creates an engine under the gateways' deterministic configuration (fuel, epoch interruption, canonical NaNs, no SIMD, threads, multi-memory, memory64, GC or components).</summary>
    /// <returns>The engine; the caller disposes it.</returns>
    public static Engine Create()
    {
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
        return new Engine(config);
    }
}
