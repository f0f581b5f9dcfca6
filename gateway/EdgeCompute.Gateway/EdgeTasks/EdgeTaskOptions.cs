using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Wasm.Host;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>Settings of the WebAssembly edge-task pool (section <c>EdgeTaskOptions</c>).</summary>
public sealed class EdgeTaskOptions
{
    /// <summary>
    /// Tasks run at once. Default: the cores left idle by the gateway's own work, taken as all cores but one
    /// (at least one), since the broker, ingest and uplink need a core of their own.
    /// </summary>
    public int MaxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Tasks waiting for a worker; a task submitted beyond it ends at once with <see cref="EdgeTaskReasonCode.QueueFull"/>. Default 64.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Compiled modules kept, least recently used evicted first. Default 32.</summary>
    public int ModuleCacheCapacity { get; set; } = 32;

    /// <summary>The largest module accepted, in bytes. Default 8 MiB.</summary>
    public int MaxModuleBytes { get; set; } = EdgeTaskLimits.DefaultMaxModuleBytes;

    /// <summary>
    /// How often the engine's epoch advances; each tick a running task checks its deadline and cancellation,
    /// so a deadline is enforced within one tick. Default 10 ms.
    /// </summary>
    public TimeSpan EpochTick { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The gateway's default task limits: <see cref="EdgeTaskLimits.Default"/> with inputs up to 4 MiB (a <c>wasm.blob</c>
    /// input) and outputs up to 4 MiB (<see cref="GatewayTaskResultItem.MaxBlobOutputBytes"/>): an output above
    /// <see cref="OutputUploads.InlineLimit"/> goes to the coordinator as a blob and its batch item (kind 7) carries only its
    /// hash. A gateway without the coordinator's API still caps outputs at what item kind 6 carries, 64 KiB.
    /// </summary>
    public static EdgeTaskLimits GatewayDefaultLimits { get; } =
        EdgeTaskLimits.Default with { MaxInputBytes = BlobLimits.MaxInputBytes, MaxOutputBytes = GatewayTaskResultItem.MaxBlobOutputBytes };

    /// <summary>Limits for a request that carries none; <c>wasm.blob</c> tasks take their input and output bounds from here. Default <see cref="GatewayDefaultLimits"/>.</summary>
    public EdgeTaskLimits DefaultLimits { get; set; } = GatewayDefaultLimits;
}
