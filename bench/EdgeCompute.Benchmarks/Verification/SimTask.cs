using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>One task of a run: its template, the replicas issued so far and what verifying it cost.</summary>
internal sealed class SimTask(int index, TaskAssignment template, int createdRound)
{
    public int Index { get; } = index;

    public TaskAssignment Template { get; } = template;

    public int CreatedRound { get; } = createdRound;

    /// <summary>Replicas still in play (answered, awaiting a verdict).</summary>
    public List<SimReplica> Live { get; } = [];

    /// <summary>Every node that held it (never issued to again).</summary>
    public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>Slots used so far (replicas issued, including withdrawn ones).</summary>
    public int Issued { get; set; }

    /// <summary>Distinct replica slots used at once so far (1 while a trusted node runs it alone).</summary>
    public int Slots { get; set; }

    /// <summary>The node its first replica went to.</summary>
    public string? FirstNode { get; set; }

    /// <summary>Replicas a split quorum still wants beyond the live ones.</summary>
    public int Extra { get; set; }

    /// <summary>Coordinator re-executions spent on it.</summary>
    public int ReExecutions { get; set; }

    public bool Verified { get; set; }

    public bool Failed { get; set; }
}
