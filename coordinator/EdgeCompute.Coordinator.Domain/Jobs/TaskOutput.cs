using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The verified output of one task, as handed to <see cref="JobMerger"/>.</summary>
/// <param name="Index">The task index.</param>
/// <param name="NodeId">The node whose result was accepted (for a sensor query, the gateway the row belongs to).</param>
/// <param name="Kernel">The kernel output for device tasks; null for <c>wasm</c>.</param>
/// <param name="Bytes">The output bytes for <c>wasm</c> tasks; null for kernels.</param>
public sealed record TaskOutput(int Index, string NodeId, KernelOutput? Kernel, byte[]? Bytes);
