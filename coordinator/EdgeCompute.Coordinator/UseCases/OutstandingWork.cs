namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// How many assignments each node holds now, as this process counts them: read from the store at start (and each pass
/// when <see cref="WorkOptions.RecountOutstandingEachPass"/>), then kept as assignments are issued, answered, withdrawn
/// and closed. The scheduler places replicas within a node's capacity less this count. Thread-safe.
/// </summary>
internal sealed class OutstandingWork
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Gets how many nodes hold assignments and how many they hold together.</summary>
    public int Total
    {
        get
        {
            lock (_counts)
            {
                return _counts.Values.Sum();
            }
        }
    }

    /// <summary>How many assignments a node holds.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The count.</returns>
    public int Of(string nodeId)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(nodeId);
        }
    }

    /// <summary>Adds to (or, negative, takes from) a node's count; never below zero.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="delta">The change.</param>
    public void Add(string nodeId, int delta)
    {
        lock (_counts)
        {
            var value = Math.Max(0, _counts.GetValueOrDefault(nodeId) + delta);
            if (value == 0)
            {
                _counts.Remove(nodeId);
            }
            else
            {
                _counts[nodeId] = value;
            }
        }
    }

    /// <summary>Replaces every count with the store's.</summary>
    /// <param name="counts">Issued assignments per node.</param>
    public void Reset(IEnumerable<KeyValuePair<string, int>> counts)
    {
        lock (_counts)
        {
            _counts.Clear();
            foreach (var (node, count) in counts)
            {
                _counts[node] = count;
            }
        }
    }
}
