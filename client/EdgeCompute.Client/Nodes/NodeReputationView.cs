namespace EdgeCompute.Client.Nodes;

/// <summary>A node's reputation.</summary>
/// <param name="Mean">Expected share of valid results.</param>
/// <param name="LowerBound">A conservative lower bound of it.</param>
/// <param name="Evidence">How much checked evidence it rests on.</param>
public sealed record NodeReputationView(double Mean, double LowerBound, double Evidence);
