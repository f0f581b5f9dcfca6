namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>
/// A node's reputation as plain numbers, so a store can persist it: the Beta(α, β) posterior over "this node's
/// result is valid", as of <see cref="UpdatedAtUnixMs"/>. Read it through <see cref="ReputationModel"/>, which
/// decays it to the current time.
/// </summary>
/// <param name="Alpha">α: prior plus decayed weight of valid results.</param>
/// <param name="Beta">β: prior plus decayed weight of invalid results (each weighted by the penalty).</param>
/// <param name="UpdatedAtUnixMs">When α and β were last brought up to date, ms since the Unix epoch.</param>
public readonly record struct ReputationState(double Alpha, double Beta, long UpdatedAtUnixMs);
