using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>
/// The reputation of every node (device or gateway id) under one <see cref="ReputationModel"/>. States are plain
/// numbers (<see cref="Snapshot"/>, <see cref="Restore"/>) so a store can persist them. Not thread-safe: one writer.
/// </summary>
public sealed class ReputationBook
{
    private readonly Dictionary<string, ReputationState> _states = new(StringComparer.Ordinal);

    /// <summary>Creates an empty book.</summary>
    /// <param name="model">The model.</param>
    public ReputationBook(ReputationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model.</summary>
    public ReputationModel Model { get; }

    /// <summary>Applies an outcome to the node that produced it (the result key's device).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The node's new state.</returns>
    public ReputationState Record(VerificationOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Record(outcome.Key.DeviceId, outcome, now);
    }

    /// <summary>Applies an outcome to a given node, e.g. the gateway a device's result came through.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The node's new state.</returns>
    public ReputationState Record(string nodeId, VerificationOutcome outcome, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        var state = _states.TryGetValue(nodeId, out var stored) ? stored : Model.Initial(now);
        return _states[nodeId] = Model.Record(state, outcome, now);
    }

    /// <summary>A node's score at <paramref name="now"/> (the prior's score for an unknown node).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The score.</returns>
    public ReputationScore Score(string nodeId, DateTimeOffset now) =>
        Model.Score(_states.TryGetValue(nodeId, out var state) ? state : Model.Initial(now), now);

    /// <summary>Whether a node is suspect at <paramref name="now"/> (<see cref="ReputationModel.IsSuspect"/>; never for an unknown node).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Whether it is suspect.</returns>
    public bool IsSuspect(string nodeId, DateTimeOffset now) => _states.TryGetValue(nodeId, out var state) && Model.IsSuspect(state, now);

    /// <summary>Every node's stored state.</summary>
    /// <returns>A copy, by node id.</returns>
    public IReadOnlyDictionary<string, ReputationState> Snapshot() => new Dictionary<string, ReputationState>(_states, StringComparer.Ordinal);

    /// <summary>Restores a node's persisted state.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="state">Its state.</param>
    public void Restore(string nodeId, ReputationState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        _states[nodeId] = state;
    }
}
