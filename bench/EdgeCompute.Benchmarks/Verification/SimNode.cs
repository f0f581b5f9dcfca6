namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// One simulated node (its own owner and gateway) and, for a cheater, its trial: how many tasks it completed before
/// its first invalid verdict, and what it was paid for wrong answers before and after.
/// </summary>
internal sealed class SimNode(string id, CheatingStrategy strategy, int variant, int seed, bool isTrial)
{
    private readonly Random _random = new(seed);

    public string Id { get; } = id;

    public CheatingStrategy Strategy { get; } = strategy;

    /// <summary>Which wrong answer it gives (shared by a colluding pair).</summary>
    public int Variant { get; } = variant;

    /// <summary>Whether its record counts as one of the run's cheater trials.</summary>
    public bool IsTrial { get; } = isTrial;

    /// <summary>The other node of a colluding pair.</summary>
    public SimNode? Partner { get; set; }

    public bool IsCheater => Strategy != CheatingStrategy.Honest;

    /// <summary>Whether it holds one of the fleet's cheater places (the run's strategy plays there; it leaves when its trial ends).</summary>
    public bool InCheaterSlot { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Assignments it was issued.</summary>
    public int Assigned { get; set; }

    /// <summary>Results it returned.</summary>
    public int Completed { get; set; }

    /// <summary>Completed count when it gave its first wrong answer (the wrong one not counted); null before.</summary>
    public int? FirstWrongAfter { get; set; }

    /// <summary>Tasks it completed before the one its first invalid verdict was for; null while never caught.</summary>
    public int? CaughtAfter { get; set; }

    /// <summary>Assignments it had been issued when caught.</summary>
    public int AssignedWhenCaught { get; set; }

    /// <summary>Micro-units paid for its wrong answers.</summary>
    public long WrongPaid { get; set; }

    /// <summary>Micro-units paid for its wrong answers after it was caught.</summary>
    public long WrongPaidAfterCaught { get; set; }

    /// <summary>Micro-units paid for any of its answers after it was caught.</summary>
    public long PaidAfterCaught { get; set; }

    /// <summary>Decides this task's answer: true = wrong, false = right, null = no answer at all.</summary>
    /// <param name="trusted">Whether adaptive replication trusts it now (what a trust-then-cheat node waits for).</param>
    public bool? Answer(bool trusted) => Strategy switch
    {
        CheatingStrategy.Honest => false,
        CheatingStrategy.Always or CheatingStrategy.ColludingPair => true,
        CheatingStrategy.Random10 => _random.NextDouble() < 0.1,
        CheatingStrategy.TrustThenCheat => trusted,
        _ => null,
    };
}
