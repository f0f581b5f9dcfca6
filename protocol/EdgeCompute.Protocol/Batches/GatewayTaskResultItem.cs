using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Item kind 6, <c>[6, task id, slot, status, fuel, output]</c>: the result of a task the gateway ran itself (a
/// <see cref="KernelNames.Wasm"/> assignment), covered by the batch signature. Like task results, never evicted.
/// With <see cref="OutputBlob"/> set it is item kind 7, <c>[7, task id, slot, 0, fuel, output sha256, output size]</c>:
/// the output is in the coordinator's blob store and the item carries only its hash.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="Status">How the task ended.</param>
/// <param name="Fuel">Fuel used (the whole budget when it ran out); the task's cost.</param>
/// <param name="Output">The output bytes; empty unless <paramref name="Status"/> is <see cref="GatewayTaskStatus.Ok"/>.</param>
public sealed record GatewayTaskResultItem(string TaskId, uint Slot, GatewayTaskStatus Status, ulong Fuel, ReadOnlyMemory<byte> Output) : BatchItem
{
    /// <summary>The largest output an item carries (64 KiB).</summary>
    public const int MaxOutputBytes = 64 * 1024;

    /// <summary>The largest output a task may return, as a blob (item kind 7): 4 MiB.</summary>
    public const int MaxBlobOutputBytes = 4 * 1024 * 1024;

    /// <summary>Gets the output's blob when it travels by hash (item kind 7; <see cref="Output"/> is then empty), else null.</summary>
    public GatewayTaskOutputBlob? OutputBlob { get; init; }

    /// <inheritdoc/>
    public override BatchItemKind Kind => OutputBlob is null ? BatchItemKind.GatewayTaskResult : BatchItemKind.GatewayTaskResultBlob;
}
