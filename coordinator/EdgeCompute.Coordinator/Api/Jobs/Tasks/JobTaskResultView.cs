namespace EdgeCompute.Coordinator.Api.Jobs.Tasks;

/// <summary>One node's result for a task, as the API shows it (never its output: outputs are fetched with the job's result).</summary>
/// <param name="Slot">The replica slot it answered.</param>
/// <param name="Node">The node that ran it (a device id, or a gateway id for a WebAssembly task).</param>
/// <param name="Outcome">
/// How the run ended, as the node reported it: <c>ok</c>; for WebAssembly <c>OutOfFuel</c>, <c>MemoryLimit</c>,
/// <c>Deadline</c>, <c>Trap</c>, <c>Malformed</c>, <c>BadOutput</c>, <c>BadInput</c>; for device kernels
/// <c>OpBudgetExceeded</c>, <c>BadParams</c>, <c>UnknownKernel</c>, <c>DeadlinePassed</c>; <c>unreadable</c> when the stored body does not decode.
/// </param>
/// <param name="Verdict"><c>pending</c>, <c>valid</c>, <c>invalid</c> or <c>not paid</c>.</param>
/// <param name="Reason">Why the verdict, for people (empty while pending).</param>
/// <param name="Received">When the coordinator stored it.</param>
/// <param name="OutputBlob">
/// The SHA-256 of a WebAssembly output that went to the blob store (too large for its gateway's batch item; its submitter
/// reads it with <c>GET /api/blobs/{sha256}</c>); null when the output is inline or there is none.
/// </param>
public sealed record JobTaskResultView(uint Slot, string Node, string Outcome, string Verdict, string Reason, DateTimeOffset Received, string? OutputBlob = null);
