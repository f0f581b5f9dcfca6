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

    /// <summary>
    /// Gets or sets the coordinator's HTTP API (absolute http or https URL) where <c>wasm.blob</c> modules and inputs are
    /// fetched by hash; empty (the default) takes the gateway file's <c>api</c> (written by <c>provision fleet --api</c>).
    /// With neither, the gateway does not list <c>wasm.blob</c> in its birth and never receives it.
    /// </summary>
    public string CoordinatorApi { get; set; } = string.Empty;

    /// <summary>Gets or sets the blob cache folder (modules, inputs, partial fetches); empty (the default) = <c>blobs</c> in the data folder.</summary>
    public string BlobCacheFolder { get; set; } = string.Empty;

    /// <summary>Gets or sets the bytes of fetched modules kept on disk, least recently used evicted first (default 256 MiB; at least 8 MiB, one largest module).</summary>
    public long ModuleCacheBytes { get; set; } = 256L << 20;

    /// <summary>Gets or sets the bytes of fetched inputs kept on disk (default 64 MiB; at least 4 MiB, one largest input).</summary>
    public long InputCacheBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets the blob fetches running at once, one chunk in flight each (default 2).</summary>
    public int MaxConcurrentFetches { get; set; } = 2;

    /// <summary>Gets or sets how often one chunk is asked for before its fetch fails (default 3).</summary>
    public int FetchAttempts { get; set; } = 3;

    /// <summary>Gets or sets the longest one blob request (the chunk list, or one 1 MiB chunk) may take (default 30 s).</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
