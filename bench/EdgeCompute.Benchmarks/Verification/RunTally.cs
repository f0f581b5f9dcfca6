namespace EdgeCompute.Benchmarks.Verification;

/// <summary>What one run measured.</summary>
internal sealed class RunTally
{
    /// <summary>One record per cheater trial, in the order the trials ended.</summary>
    public List<TrialRecord> Trials { get; } = [];

    /// <summary>Tasks verified in the whole run.</summary>
    public long Verified { get; set; }

    /// <summary>Tasks that failed (attempts used up).</summary>
    public long Failed { get; set; }

    /// <summary>Scheduling rounds run.</summary>
    public int Rounds { get; set; }

    /// <summary>Replicas issued for tasks created after the settling rounds and finished.</summary>
    public long SettledIssued { get; set; }

    /// <summary>Coordinator re-executions for those tasks.</summary>
    public long SettledReExecutions { get; set; }

    /// <summary>Those tasks that were verified.</summary>
    public long SettledVerified { get; set; }

    /// <summary>Invalid verdicts given to honest nodes (outvoted by colluders).</summary>
    public long HonestPenalised { get; set; }

    /// <summary>Colluding pairs detected (same wrong answer proven wrong), kept apart from then on.</summary>
    public long PairsDetected { get; set; }

    /// <summary>Quorums re-executed because a suspect node was among the winners (counted in the overhead).</summary>
    public long SuspectReExecutions { get; set; }

    /// <summary>(Replicas issued + re-executions) ÷ verified tasks − 1 over the settled tasks.</summary>
    public double Overhead => SettledVerified == 0 ? double.NaN : ((double)(SettledIssued + SettledReExecutions) / SettledVerified) - 1;
}
