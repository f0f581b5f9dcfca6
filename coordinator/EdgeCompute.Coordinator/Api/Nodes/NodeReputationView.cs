namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>A node's reputation (Beta model, decayed to now).</summary>
/// <param name="Mean">Expected share of valid results.</param>
/// <param name="LowerBound">A conservative lower bound of it (what scheduling ranks by).</param>
/// <param name="Evidence">How much checked evidence it rests on.</param>
public sealed record NodeReputationView(double Mean, double LowerBound, double Evidence);
