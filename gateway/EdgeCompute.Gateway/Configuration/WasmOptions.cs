using EdgeCompute.Gateway.EdgeTasks;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>WebAssembly gateway tasks (section <c>GatewayOptions:Wasm</c>): the pool that runs <c>wasm</c> assignments.</summary>
public sealed class WasmOptions
{
    /// <summary>Gets or sets whether the gateway runs <c>wasm</c> tasks (default true); false hands them back refused.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the tasks run at once; 0 (the default) = the idle cores, all cores but one (at least one).</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>Gets or sets the tasks waiting for a worker (default 64); beyond it a task ends at once with status 8.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Gets or sets the compiled modules kept by SHA-256 (default 32).</summary>
    public int ModuleCacheCapacity { get; set; } = 32;

    /// <summary>Gets or sets the most linear memory an assignment may ask for (default 64 MiB); more is refused.</summary>
    public long MaxMemoryBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets the longest a task runs, whatever its deadline (default 10 s).</summary>
    public TimeSpan MaxDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the worker count <see cref="MaxConcurrency"/> resolves to.</summary>
    public int EffectiveConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>The pool's own options.</summary>
    /// <returns>The options.</returns>
    public EdgeTaskOptions ToPoolOptions() => new()
    {
        MaxConcurrency = EffectiveConcurrency,
        QueueCapacity = QueueCapacity,
        ModuleCacheCapacity = ModuleCacheCapacity,
    };
}
