namespace EdgeCompute.Client.Fleet;

/// <summary><c>GET /api/fleet</c>: fleet totals, gateways, map cells, and one page of the (filtered) nodes.</summary>
/// <param name="Nodes">Every node known.</param>
/// <param name="Online">Of those, online now.</param>
/// <param name="Gateways">Every gateway with its device counts, by id.</param>
/// <param name="Cells">Nodes per public map cell, by geohash.</param>
/// <param name="Matching">Nodes matching the filter.</param>
/// <param name="Items">This page of the matching nodes, by id.</param>
/// <param name="Offset">Where this page starts.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Next">The next page's offset, null on the last page.</param>
public sealed record FleetView(int Nodes, int Online, IReadOnlyList<FleetGatewayView> Gateways, IReadOnlyList<FleetCellView> Cells, int Matching,
    IReadOnlyList<FleetNodeView> Items, int Offset, int Limit, int? Next);
