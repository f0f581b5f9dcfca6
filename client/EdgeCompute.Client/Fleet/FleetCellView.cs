namespace EdgeCompute.Client.Fleet;

/// <summary>The nodes in one public map cell (a five-character geohash).</summary>
/// <param name="Geohash">The cell's geohash.</param>
/// <param name="Nodes">Nodes located in it.</param>
/// <param name="Online">Of those, online now.</param>
public sealed record FleetCellView(string Geohash, int Nodes, int Online);
