namespace EdgeCompute.Client.Nodes;

/// <summary>A node (device or gateway) as the coordinator's directory knows it.</summary>
/// <param name="Id">The device or gateway id.</param>
/// <param name="Kind"><c>device</c> or <c>gateway</c>.</param>
/// <param name="Owner">Its owner; null when the registry no longer knows it.</param>
/// <param name="Gateway">The gateway it is reached through (itself for a gateway).</param>
/// <param name="Online">Whether it is online.</param>
/// <param name="LastSeen">When the coordinator last heard of it, on its own clock (a birth, a state item, a batch with its frames; for a gateway also its status); null when never.</param>
/// <param name="Kernels">The kernels it runs.</param>
/// <param name="Capacity">How many tasks it may hold at once.</param>
/// <param name="Outstanding">Assignments it holds now.</param>
/// <param name="Reputation">Its reputation.</param>
/// <param name="Trusted">Whether adaptive replication trusts it.</param>
/// <param name="Geohash">Its location: exact for its owner and the operator, else the first five characters.</param>
/// <param name="ExactLocation">Whether <paramref name="Geohash"/> is the exact cell.</param>
/// <param name="TasksVerified">Its results judged valid and credited.</param>
/// <param name="TasksRejected">Its results judged wrong.</param>
/// <param name="Status">For a gateway, its latest status report (null when none came yet); null for a device.</param>
/// <param name="Quality">For a device, its data quality in the latest closed epoch it sent telemetry in; null before that and for a gateway.</param>
/// <param name="ReusedBoots">For a device, its boots used twice; null for a gateway.</param>
public sealed record NodeView(string Id, string Kind, string? Owner, string Gateway, bool Online, DateTimeOffset? LastSeen, IReadOnlyList<string> Kernels, int Capacity, int Outstanding,
    NodeReputationView Reputation, bool Trusted, string Geohash, bool ExactLocation, long TasksVerified, long TasksRejected, NodeGatewayStatusView? Status, NodeQualityView? Quality, NodeBootReuseView? ReusedBoots);
