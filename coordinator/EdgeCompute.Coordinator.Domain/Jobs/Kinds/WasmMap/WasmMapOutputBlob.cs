namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>A task output kept in the blob store (it was too large for the gateway's batch item), named in a job's result.</summary>
/// <param name="Sha256">The output's SHA-256, 64 lowercase hex characters.</param>
/// <param name="Size">Its length in bytes.</param>
public sealed record WasmMapOutputBlob(string Sha256, long Size);
