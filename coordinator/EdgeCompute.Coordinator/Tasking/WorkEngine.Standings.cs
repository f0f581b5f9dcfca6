using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>
/// What the engine knows of each node beyond its assignments — reputation, adaptive trust, detected colluding pairs — kept
/// in the work store so a restart or another replica sees the same: read at start and every
/// <see cref="WorkEngineOptions.StandingsRefresh"/>, written as verdicts and missed deadlines are recorded.
/// </summary>
public sealed partial class WorkEngine
{
    /// <summary>Reads every stored reputation and colluding pair into this engine's view (a replica sees what others recorded).</summary>
    private async Task ReadStandingsAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await _store.ReadReputationsAsync(cancellationToken).ConfigureAwait(false))
        {
            _reputation.Restore(record.NodeId, new ReputationState(record.Alpha, record.Beta, record.UpdatedMs));
            var current = _adaptive.Trust(record.NodeId);
            _adaptive.Restore(record.NodeId, new AdaptiveTrust(record.ValidRun, record.Trusted, current.SpotChecks, current.Revocations));
        }

        var pairs = await _store.ReadColludingPairsAsync(cancellationToken).ConfigureAwait(false);
        lock (_pairs)
        {
            foreach (var pair in pairs)
            {
                _pairs.Add(ColludingPair.Of(pair.FirstNode, pair.SecondNode));
            }
        }

        _standingsReadMs = NowMs;
    }

    /// <summary>
    /// Reads the stored standings again when <see cref="WorkEngineOptions.StandingsRefresh"/> has passed since the last
    /// read, so this replica's scheduler ranks, trusts and keeps apart nodes by what another replica recorded too (without
    /// it, only when this replica records a result of that node). Called under the lock, at the start of a pass.
    /// </summary>
    private async Task RefreshStandingsAsync(CancellationToken cancellationToken)
    {
        var every = _options.StandingsRefresh;
        if (every > TimeSpan.Zero && NowMs - _standingsReadMs >= (long)every.TotalMilliseconds)
        {
            await ReadStandingsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts assignments withdrawn past their deadline against their nodes (<see cref="VerificationOutcome.MissedDeadline"/>):
    /// trust revoked, reputation lowered, so a node that takes tasks and never answers is caught and ranked last.
    /// </summary>
    private Task RecordMissedDeadlinesAsync(IReadOnlyList<AssignmentRecord> missed, CancellationToken cancellationToken) =>
        RecordReputationsAsync([.. missed.Select(a => VerificationOutcome.MissedDeadline(new ResultKey(a.TaskId, a.Slot, a.NodeId)))], cancellationToken);

    /// <summary>Stores the colluding pairs the committed verdicts proved and keeps them apart from now on.</summary>
    private async Task RecordColludingPairsAsync(IReadOnlyList<TaskDecision> decisions, CancellationToken cancellationToken)
    {
        var found = decisions.SelectMany(d => d.ColludingPairs.Select(p => new ColludingPairRecord(p.First, p.Second, d.Task.TaskId, NowMs))).ToList();
        if (found.Count == 0)
        {
            return;
        }

        await _store.RecordColludingPairsAsync(found, cancellationToken).ConfigureAwait(false);
        lock (_pairs)
        {
            foreach (var pair in found)
            {
                _pairs.Add(ColludingPair.Of(pair.FirstNode, pair.SecondNode));
            }
        }

        foreach (var pair in found)
        {
            _logger.LogWarning("Nodes {First} and {Second} returned the same wrong result for {TaskId}: a colluding pair, never placed on one task together again",
                pair.FirstNode, pair.SecondNode, pair.TaskId);
        }
    }
}
