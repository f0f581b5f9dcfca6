namespace EdgeCompute.Benchmarks.Verification;

/// <summary>How a simulated node answers its tasks.</summary>
internal enum CheatingStrategy
{
    /// <summary>Always the right answer.</summary>
    Honest = 0,

    /// <summary>Always a wrong answer of its own.</summary>
    Always,

    /// <summary>A wrong answer on a random 10 % of its tasks, the right one otherwise.</summary>
    Random10,

    /// <summary>Right answers until adaptive replication trusts it, then always wrong.</summary>
    TrustThenCheat,

    /// <summary>Two owners' nodes that always return the same wrong answer, so they agree when paired.</summary>
    ColludingPair,

    /// <summary>Takes tasks and never answers (the slot is withdrawn at its deadline and reissued).</summary>
    Lazy,
}
