namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Detected colluding pairs.</summary>
internal sealed partial class WorkJournal
{
    public async Task<int> RecordColludingPairsAsync(IReadOnlyList<ColludingPairRecord> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (var pair in pairs)
        {
            WorkArguments.Pair(pair);
        }

        var added = 0;
        await WriteAsync(async (connection, transaction) =>
        {
            // Stored in id order, so a pair found either way round is one row; the first detection is kept.
            var affected = await DbRows.ExecuteEachAsync(connection, transaction,
                "INSERT INTO work_colluding_pairs (first_node, second_node, task_id, detected_ms) VALUES (@a, @b, @t, @d) ON CONFLICT (first_node, second_node) DO NOTHING",
                pairs.Select(p => string.CompareOrdinal(p.FirstNode, p.SecondNode) < 0 ? p : p with { FirstNode = p.SecondNode, SecondNode = p.FirstNode })
                    .Select(p => new (string, object?)[] { ("a", p.FirstNode), ("b", p.SecondNode), ("t", p.TaskId), ("d", p.DetectedMs) }),
                cancellationToken).ConfigureAwait(false);
            added = affected.Sum();
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return added;
    }

    public Task<IReadOnlyList<ColludingPairRecord>> ReadColludingPairsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT first_node, second_node, task_id, detected_ms FROM work_colluding_pairs ORDER BY first_node, second_node",
            r => new ColludingPairRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)), cancellationToken);
}
