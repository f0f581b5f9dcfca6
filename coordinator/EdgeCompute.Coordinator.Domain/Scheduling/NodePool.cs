using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>
/// The candidates of one scheduling pass and the slots still free on each. <see cref="Scheduler.Place"/> takes a slot
/// from every node it chooses, so later placements in the same pass see the node as busier (or full). It also carries the
/// detected colluding pairs the scheduler keeps apart. Not thread-safe.
/// </summary>
public sealed class NodePool
{
    private readonly Dictionary<string, NodeCandidate> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _free = new(StringComparer.Ordinal);

    private readonly IReadOnlySet<ColludingPair> _apart;

    /// <summary>Creates a pool.</summary>
    /// <param name="candidates">The nodes; ids must be distinct.</param>
    /// <param name="apart">Detected colluding pairs: never two replicas of one task (none when null).</param>
    /// <exception cref="ArgumentException">Two candidates share an id.</exception>
    public NodePool(IEnumerable<NodeCandidate> candidates, IReadOnlySet<ColludingPair>? apart = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        _apart = apart ?? new HashSet<ColludingPair>();
        foreach (var candidate in candidates)
        {
            ArgumentNullException.ThrowIfNull(candidate, nameof(candidates));
            if (!_nodes.TryAdd(candidate.NodeId, candidate))
            {
                throw new ArgumentException($"Node {candidate.NodeId} is listed twice.", nameof(candidates));
            }

            _free[candidate.NodeId] = Math.Max(0, candidate.FreeSlots);
        }
    }

    /// <summary>The nodes, ordered by id (the order ties are drawn in, so a seed gives the same choice).</summary>
    public IReadOnlyList<NodeCandidate> Nodes => [.. _nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(Current)];

    /// <summary>A node with its current free slots, or null when unknown.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The node as it stands in this pass.</returns>
    public NodeCandidate? Find(string nodeId) => _nodes.TryGetValue(nodeId, out var node) ? Current(node) : null;

    /// <summary>The slots still free on a node (0 when unknown).</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>Free slots.</returns>
    public int FreeSlots(string nodeId) => _free.GetValueOrDefault(nodeId);

    /// <summary>Whether two nodes are a detected colluding pair, which must never hold replicas of one task together.</summary>
    /// <param name="a">One node.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they are kept apart.</returns>
    public bool KeptApart(string a, string b) =>
        _apart.Count > 0 && !string.Equals(a, b, StringComparison.Ordinal) && _apart.Contains(ColludingPair.Of(a, b));

    /// <summary>Takes one slot of a node.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>Whether it had one.</returns>
    public bool TryTake(string nodeId)
    {
        if (_free.GetValueOrDefault(nodeId) <= 0)
        {
            return false;
        }

        _free[nodeId]--;
        return true;
    }

    /// <summary>Gives a slot back (an issue that did not go out after all); never above the node's initial free slots.</summary>
    /// <param name="nodeId">The node.</param>
    public void Release(string nodeId)
    {
        if (_nodes.TryGetValue(nodeId, out var node) && _free[nodeId] < node.FreeSlots)
        {
            _free[nodeId]++;
        }
    }

    private NodeCandidate Current(NodeCandidate node) => _free[node.NodeId] == node.FreeSlots ? node : node with { FreeSlots = _free[node.NodeId] };
}
