namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>When the coordinator last heard of a node, as the store kept it (the coordinator's clock at receipt).</summary>
/// <param name="NodeId">The device or gateway id.</param>
/// <param name="IsGateway">Whether it is a gateway.</param>
/// <param name="SeenMs">The receive time, ms since the Unix epoch.</param>
public sealed record NodeSeenRecord(string NodeId, bool IsGateway, long SeenMs);
