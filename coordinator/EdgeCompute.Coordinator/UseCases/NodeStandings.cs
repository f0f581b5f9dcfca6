using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// What the coordinator knows of each node beyond its assignments — reputation, adaptive trust, detected colluding
/// pairs — kept in the work store so a restart or another replica sees the same: read at start and every
/// <see cref="WorkOptions.StandingsRefresh"/>, written as verdicts and missed deadlines are recorded. The rules
/// (how evidence moves a reputation, when a node is trusted or suspect) are the domain's (<see cref="ReputationModel"/>,
/// <see cref="AdaptiveReplication"/>); this use case reads, lets them decide, and writes.
/// </summary>
public sealed class NodeStandings
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ReputationBook _reputation;
    private readonly HashSet<ColludingPair> _pairs = []; // never placed on one task together
    private long _readMs; // when reputations and pairs were last read from the store

    internal NodeStandings(WorkState state, ReputationOptions reputation)
    {
        _state = state;
        _store = state.Store;
        _reputation = new ReputationBook(new ReputationModel(reputation));
        Adaptive = new AdaptiveReplication(state.Options.TrustAfter, state.Options.SpotCheckRate);
    }

    /// <summary>Gets adaptive replication's trust per node.</summary>
    internal AdaptiveReplication Adaptive { get; }

    /// <summary>Gets how many nodes have a reputation in this process's view.</summary>
    internal int NodeCount => _reputation.Snapshot().Count;

    /// <summary>Gets how many colluding pairs are kept apart.</summary>
    internal int PairCount
    {
        get
        {
            lock (_pairs)
            {
                return _pairs.Count;
            }
        }
    }

    /// <summary>A node's reputation score now.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The score (the prior for an unknown node).</returns>
    public ReputationScore Reputation(string nodeId) => _reputation.Score(nodeId, _state.Time.GetUtcNow());

    /// <summary>Whether adaptive replication trusts a node, and its run of checked valid results.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The trust state.</returns>
    public AdaptiveTrust Trust(string nodeId) => Adaptive.Trust(nodeId);

    /// <summary>Whether a node is suspect now (caught recently: never trusted, a quorum it wins is re-executed).</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>Whether it is suspect.</returns>
    public bool IsSuspect(string nodeId) => _reputation.IsSuspect(nodeId, _state.Time.GetUtcNow());

    /// <summary>Whether two nodes were detected returning the same wrong answer, so they never hold replicas of one task together.</summary>
    /// <param name="a">One node.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they are kept apart.</returns>
    public bool KeptApart(string a, string b)
    {
        lock (_pairs)
        {
            return !string.Equals(a, b, StringComparison.Ordinal) && _pairs.Contains(ColludingPair.Of(a, b));
        }
    }

    /// <summary>A copy of the pairs kept apart, for one scheduling pass.</summary>
    /// <returns>The pairs.</returns>
    internal HashSet<ColludingPair> PairsNow()
    {
        lock (_pairs)
        {
            return new HashSet<ColludingPair>(_pairs);
        }
    }

    /// <summary>Reads every stored reputation and colluding pair into this process's view (a replica sees what others recorded).</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when read.</returns>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await _store.ReadReputationsAsync(cancellationToken).ConfigureAwait(false))
        {
            Restore(record);
        }

        var pairs = await _store.ReadColludingPairsAsync(cancellationToken).ConfigureAwait(false);
        lock (_pairs)
        {
            foreach (var pair in pairs)
            {
                _pairs.Add(ColludingPair.Of(pair.FirstNode, pair.SecondNode));
            }
        }

        _readMs = _state.NowMs;
    }

    /// <summary>
    /// Reads the stored standings again when <see cref="WorkOptions.StandingsRefresh"/> has passed since the last read, so
    /// this replica's scheduler ranks, trusts and keeps apart nodes by what another replica recorded too (without it,
    /// only when this replica records a result of that node). Under the work lock, at the start of a pass.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when done.</returns>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var every = _state.Options.StandingsRefresh;
        if (every > TimeSpan.Zero && _state.NowMs - _readMs >= (long)every.TotalMilliseconds)
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records outcomes in the nodes' reputations and adaptive trust, starting from what the store holds for those nodes
    /// (another replica sharing the store may have recorded results of them since this one last did), in one store
    /// transaction: no replica overwrites another's evidence, and a restart or a second replica never resets a node's record.
    /// </summary>
    /// <param name="outcomes">The verification outcomes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    internal async Task RecordAsync(IReadOnlyList<VerificationOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var now = _state.Time.GetUtcNow();
        var nodes = outcomes.Select(o => o.Key.DeviceId).Distinct(StringComparer.Ordinal).ToList();
        await _store.UpdateReputationsAsync(nodes, stored =>
        {
            foreach (var record in stored.Values)
            {
                Restore(record);
            }

            var latest = new Dictionary<string, NodeReputationRecord>(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
            {
                // A suspect node (caught recently) is not trusted, however long its run: its work stays replicated.
                var reputation = _reputation.Record(outcome, now);
                var trust = Adaptive.Record(outcome, mayTrust: !_reputation.Model.IsSuspect(reputation, now));
                latest[outcome.Key.DeviceId] = new NodeReputationRecord(outcome.Key.DeviceId, reputation.Alpha, reputation.Beta, reputation.UpdatedAtUnixMs,
                    trust.ValidRun, trust.IsTrusted);
            }

            return [.. latest.Values];
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts assignments withdrawn past their deadline against their nodes (<see cref="VerificationOutcome.MissedDeadline"/>):
    /// trust revoked, reputation lowered, so a node that takes tasks and never answers is caught and ranked last.
    /// </summary>
    /// <param name="missed">The withdrawn assignments.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    internal Task RecordMissedDeadlinesAsync(IReadOnlyList<AssignmentRecord> missed, CancellationToken cancellationToken) =>
        RecordAsync([.. missed.Select(a => VerificationOutcome.MissedDeadline(new ResultKey(a.TaskId, a.Slot, a.NodeId)))], cancellationToken);

    /// <summary>Stores the colluding pairs the committed verdicts proved and keeps them apart from now on.</summary>
    /// <param name="decisions">The committed decisions.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    internal async Task RecordColludingPairsAsync(IReadOnlyList<TaskDecision> decisions, CancellationToken cancellationToken)
    {
        var found = decisions.SelectMany(d => d.ColludingPairs.Select(p => new ColludingPairRecord(p.First, p.Second, d.Task.TaskId, _state.NowMs))).ToList();
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
            _state.Logger.LogWarning("Nodes {First} and {Second} returned the same wrong result for {TaskId}: a colluding pair, never placed on one task together again",
                pair.FirstNode, pair.SecondNode, pair.TaskId);
        }
    }

    /// <summary>A node's lower-bound score now, for ranking candidates.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="now">The time.</param>
    /// <returns>The lower bound.</returns>
    internal double LowerBound(string nodeId, DateTimeOffset now) => _reputation.Score(nodeId, now).LowerBound;

    private void Restore(NodeReputationRecord record)
    {
        _reputation.Restore(record.NodeId, new ReputationState(record.Alpha, record.Beta, record.UpdatedMs));
        var current = Adaptive.Trust(record.NodeId);
        Adaptive.Restore(record.NodeId, new AdaptiveTrust(record.ValidRun, record.Trusted, current.SpotChecks, current.Revocations));
    }
}
