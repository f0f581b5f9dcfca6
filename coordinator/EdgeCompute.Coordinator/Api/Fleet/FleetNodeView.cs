namespace EdgeCompute.Coordinator.Api.Fleet;

/// <summary>One node in a fleet page.</summary>
/// <param name="Id">The device or gateway id.</param>
/// <param name="Kind"><c>device</c> or <c>gateway</c>.</param>
/// <param name="Owner">Its owner (null when the registry does not know it).</param>
/// <param name="Gateway">The gateway it is reached through (itself for a gateway).</param>
/// <param name="Online">Whether it is online.</param>
/// <param name="LastSeen">When the coordinator last heard of it (its clock); null when never.</param>
/// <param name="Capacity">How many tasks it may hold at once.</param>
/// <param name="Outstanding">Assignments it holds now (this process's count).</param>
/// <param name="Reputation">Its reputation's mean.</param>
/// <param name="Geohash">Its location: the exact geohash for its owner and the operator, else the first five characters.</param>
/// <param name="Exact">Whether <paramref name="Geohash"/> is the exact one.</param>
public sealed record FleetNodeView(string Id, string Kind, string? Owner, string Gateway, bool Online, DateTimeOffset? LastSeen, int Capacity, int Outstanding, double Reputation,
    string Geohash, bool Exact);
