namespace EdgeCompute.Client.Jobs;

/// <summary>One node's result for a task (never its output).</summary>
/// <param name="Slot">The replica slot it answered.</param>
/// <param name="Node">The node that ran it.</param>
/// <param name="Outcome"><c>ok</c>, or how the run ended: <c>OutOfFuel</c>, <c>MemoryLimit</c>, <c>Deadline</c>, <c>Trap</c>, <c>Malformed</c>, … .</param>
/// <param name="Verdict"><c>pending</c>, <c>valid</c>, <c>invalid</c> or <c>not paid</c>.</param>
/// <param name="Reason">Why the verdict.</param>
/// <param name="Received">When the coordinator stored it.</param>
/// <param name="OutputBlob">
/// The SHA-256 of a WebAssembly output that went to the blob store (too large for its gateway's batch item; its submitter
/// reads it with <c>GET /api/blobs/{sha256}</c>); null when the output is inline or there is none.
/// </param>
public sealed record JobTaskResultView(uint Slot, string Node, string Outcome, string Verdict, string Reason, DateTimeOffset Received, string? OutputBlob = null);
