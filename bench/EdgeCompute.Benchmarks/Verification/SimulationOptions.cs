namespace EdgeCompute.Benchmarks.Verification;

/// <summary>The size of one simulated run; every count is fixed so a run is bounded.</summary>
/// <param name="Nodes">Nodes in the fleet, each its own owner behind its own gateway.</param>
/// <param name="CheaterShare">Share of the fleet that cheats at any time (caught cheaters rejoin under new identities).</param>
/// <param name="Tasks">Verified tasks the run reaches at least.</param>
/// <param name="Trials">Cheater identities followed to the end of their trial (a colluding pair is two); 0 for an honest fleet.</param>
/// <param name="Horizon">Assignments after which a cheater never caught ends its trial as "never caught".</param>
/// <param name="AfterCatch">Assignments a caught cheater keeps taking, to measure what it earns after detection.</param>
/// <param name="SettleRounds">Scheduling rounds before overhead is counted (reputations settle meanwhile).</param>
/// <param name="MaxAttempts">Replicas one task may take before it fails (WorkOptions.MaxAttemptsPerTask).</param>
internal sealed record SimulationOptions(
    int Nodes = 100,
    double CheaterShare = 0.1,
    int Tasks = 10_000,
    int Trials = 1_000,
    int Horizon = 200,
    int AfterCatch = 20,
    int SettleRounds = 100,
    int MaxAttempts = 16)
{
    /// <summary>Cheater nodes in the fleet at any time (even, so colluding pairs fit).</summary>
    public int CheaterSlots => CheaterShare <= 0 ? 0 : Math.Max(2, (int)Math.Round(Nodes * CheaterShare / 2) * 2);

    /// <summary>A bound on scheduling rounds, far above what the counts need, so a broken policy cannot run forever.</summary>
    public int MaxRounds => 2_000_000;
}
