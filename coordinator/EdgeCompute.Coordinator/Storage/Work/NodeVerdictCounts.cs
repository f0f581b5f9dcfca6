namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>How a node's stored results were judged.</summary>
/// <param name="NodeId">The device or gateway.</param>
/// <param name="Verified">Results judged valid and credited.</param>
/// <param name="Rejected">Results judged wrong (outvoted by the quorum, failed a check, bad MAC).</param>
public sealed record NodeVerdictCounts(string NodeId, long Verified, long Rejected);
