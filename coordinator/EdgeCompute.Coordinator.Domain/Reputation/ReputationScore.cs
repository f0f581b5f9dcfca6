namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>A node's reputation read at a point in time.</summary>
/// <param name="Mean">Posterior mean probability that the node's result is valid: α / (α + β).</param>
/// <param name="LowerBound">
/// A one-sided lower credible bound on that probability (normal approximation to the Beta posterior, clamped to
/// [0, 1]); it is low for nodes with little evidence, so newcomers are not trusted on a lucky start.
/// </param>
/// <param name="Evidence">α + β minus the prior's weight: how much decayed evidence stands behind the score.</param>
public readonly record struct ReputationScore(double Mean, double LowerBound, double Evidence);
