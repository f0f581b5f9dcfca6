namespace EdgeCompute.Coordinator.Api.Fleet;

/// <summary>The nodes in one public map cell (a five-character geohash, about 5 km across).</summary>
/// <param name="Geohash">The cell's geohash (five characters, or fewer when the nodes' own are shorter).</param>
/// <param name="Nodes">Nodes located in it.</param>
/// <param name="Online">Of those, online now.</param>
public sealed record FleetCellView(string Geohash, int Nodes, int Online);
