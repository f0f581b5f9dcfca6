using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>One task of a <see cref="JobPlan"/>: what to run, on which kind of node, and its budget.</summary>
/// <param name="TaskId">The task id, <c>{job}-{index}</c> (protocol id rules).</param>
/// <param name="Index">Its position in the job, 0-based: the order outputs are merged in.</param>
/// <param name="Parameters">The kernel and its parameters, as they go into the assignment.</param>
/// <param name="Target">Device (kernels) or gateway (<c>wasm</c>).</param>
/// <param name="PinnedNode">The only node that may run it (a sensor query's gateway), or null for any eligible node.</param>
/// <param name="Budget">
/// The op budget: for kernels the exact ops a complete run uses (nonces for <c>pow.sha256</c>, samples for <c>mc.pi</c>,
/// numbers scanned plus composites marked for <c>primes.count</c>), at most <see cref="JobLimits.MaxOpsPerTask"/>;
/// for <c>wasm</c> the fuel, which the gateway enforces from the parameters (it may exceed the 32-bit op budget field).
/// </param>
public sealed record PlannedTask(string TaskId, int Index, KernelParameters Parameters, TaskTarget Target, string? PinnedNode, ulong Budget)
{
    /// <summary>The kernel name.</summary>
    public string Kernel => Parameters.Kernel;

    /// <summary>Gets the blobs (SHA-256 hex) the task names — a <c>wasm.blob</c> task's module and input; empty for the others.</summary>
    public IReadOnlyList<string> BlobHashes { get; init; } = [];
}
