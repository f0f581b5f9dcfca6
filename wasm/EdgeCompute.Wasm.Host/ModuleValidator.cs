using Wasmtime;

namespace EdgeCompute.Wasm.Host;

/// <summary>
/// Answers "would a gateway run this module?" without running it: compiles it on its own engine under the gateways'
/// deterministic configuration, checks the host ABI, and releases the compiled code. Thread-safe (Wasmtime engines are).
/// </summary>
public sealed class ModuleValidator : IDisposable
{
    private static readonly Lazy<ModuleValidator> LazyShared = new(() => new ModuleValidator(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Engine _engine = DeterministicEngine.Create();

    /// <summary>One validator for the process, never disposed (its engine lives as long as the process).</summary>
    public static ModuleValidator Shared => LazyShared.Value;

    /// <summary>Checks a module as a gateway would before running it.</summary>
    /// <param name="bytes">The module's binary bytes.</param>
    /// <param name="maxModuleBytes">The most bytes accepted; by default the gateways' default limit.</param>
    /// <returns>The outcome; its <see cref="ModuleCompilation.Module"/> is always null (the compiled code is released).</returns>
    public ModuleCompilation Validate(ReadOnlySpan<byte> bytes, int maxModuleBytes = EdgeTaskLimits.DefaultMaxModuleBytes)
    {
        var compiled = ModuleCompiler.Compile(_engine, bytes, maxModuleBytes);
        compiled.Module?.Module.Dispose();
        return compiled with { Module = null, InitialMemoryBytes = compiled.Module?.InitialMemoryBytes ?? 0 };
    }

    /// <inheritdoc/>
    public void Dispose() => _engine.Dispose();
}
