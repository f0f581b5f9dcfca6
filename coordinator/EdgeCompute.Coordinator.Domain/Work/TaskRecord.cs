namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>One task of a job: the unit that is replicated into slots and verified.</summary>
/// <param name="TaskId">The task id (protocol id rules, e.g. <c>{job}.{index}</c>).</param>
/// <param name="JobId">Its job.</param>
/// <param name="Index">Its position in the job (0-based), the order outputs are merged in.</param>
/// <param name="Kernel">The kernel name (<c>pow.sha256</c>, …, or <c>wasm</c> for a gateway task).</param>
/// <param name="Parameters">The encoded kernel parameters (the protocol's kernel-parameter CBOR, as carried in an assignment).</param>
/// <param name="Status">Where the task is.</param>
/// <param name="Output">The verified output (canonical CBOR of the accepted result) once verified; null before.</param>
/// <param name="VerifiedMs">When its verification committed; null before.</param>
/// <param name="Attempts">Slots issued so far (first issues and reissues).</param>
public sealed record TaskRecord(string TaskId, string JobId, int Index, string Kernel, byte[] Parameters, WorkTaskStatus Status, byte[]? Output, long? VerifiedMs, int Attempts)
{
    /// <summary>
    /// Gets the blobs (SHA-256 hex) the task names — a <c>wasm.blob</c> task's module and input — as planned. The store
    /// indexes them when the job is inserted, so whether a gateway holds an open assignment naming a hash is one query;
    /// they are not read back with the task (its parameters carry them).
    /// </summary>
    public IReadOnlyList<string> BlobHashes { get; init; } = [];
}
