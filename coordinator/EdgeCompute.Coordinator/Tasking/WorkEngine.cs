using System.Runtime.CompilerServices;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>
/// Turns jobs into verified work: accepts and funds jobs (escrow), splits them into tasks, places replicas on nodes
/// (capability, capacity, reputation, owner diversity, data locality), sends signed assignments, takes results from
/// batch ingest (device results MAC-checked against the exact assignment bytes issued), verifies them with the job's
/// method, keeps reputations, withdraws and reissues overdue or handed-back slots, merges verified outputs into the
/// job's result and settles the fee. All state lives in the <see cref="IWorkStore"/>; its constraints (one valid result
/// per slot, a job finished once) keep retries and racing replicas from paying twice. Calls are serialised in process.
/// </summary>
public sealed partial class WorkEngine : IResultSink, ITaskReturnSink, IAsyncDisposable
{
    private readonly IWorkStore _store;
    private readonly ILedgerStore _ledger;
    private readonly FleetRegistry _registry;
    private readonly NodeDirectory _nodes;
    private readonly ITaskPublisher _publisher;
    private readonly WorkEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly EpochClock _epochs;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Random _random;
    private readonly ReputationBook _reputation;
    private readonly AdaptiveReplication _adaptive;
    private readonly TaskJudge _judge;
    private readonly ConditionalWeakTable<IReadOnlyList<ReceivedResult>, AuthenticatedBatch> _authenticated = new(); // dies with the batch's list
    private readonly Dictionary<string, int> _outstanding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobContext> _jobs = new(StringComparer.Ordinal);
    private readonly HashSet<ColludingPair> _pairs = []; // detected colluding pairs, never placed on one task together
    private long _standingsReadMs; // when reputations and pairs were last read from the store (see RefreshStandingsAsync)
    private (string JobId, int Index)? _openCursor; // where the next pass's window of open tasks starts (see ReadOpenWindowAsync)
    private bool _initialized;

    /// <summary>
    /// Gets the blob store that jobs naming their module and inputs by hash (<c>wasm-map</c> by hash) are resolved
    /// against at submit; null refuses such jobs.
    /// </summary>
    public Storage.Blobs.IBlobStore? Blobs { get; init; }

    /// <summary>Creates the engine; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="store">The work store.</param>
    /// <param name="ledger">The ledger (escrow, fee, refund).</param>
    /// <param name="registry">Owners, device keys, the coordinator key.</param>
    /// <param name="nodes">Which nodes are online and what they run.</param>
    /// <param name="publisher">Sends assignments to gateways.</param>
    /// <param name="epochs">The epoch clock (which epoch a booking belongs to).</param>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="reputation">Reputation model settings; defaults when null.</param>
    /// <param name="modules">Re-executes WASM modules for sampled checks, when available.</param>
    public WorkEngine(IWorkStore store, ILedgerStore ledger, FleetRegistry registry, NodeDirectory nodes, ITaskPublisher publisher, EpochClock epochs,
        WorkEngineOptions? options = null, TimeProvider? time = null, ILogger<WorkEngine>? logger = null, ReputationOptions? reputation = null,
        IModuleReExecutor? modules = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _epochs = epochs ?? throw new ArgumentNullException(nameof(epochs));
        _options = options ?? new WorkEngineOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException($"work engine options: {problem}", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Seed = _options.Seed ?? Random.Shared.Next();
        _random = new Random(Seed);
        _reputation = new ReputationBook(new ReputationModel(reputation ?? new ReputationOptions()));
        _adaptive = new AdaptiveReplication(_options.TrustAfter, _options.SpotCheckRate);
        _judge = new TaskJudge(new KernelReExecutor(), modules, _adaptive, _random, node => _reputation.IsSuspect(node, _time.GetUtcNow()));
    }

    /// <summary>Gets the seed of the engine's random choices.</summary>
    public int Seed { get; }

    /// <summary>Gets the per-process counters.</summary>
    public WorkCounters Counters { get; } = new();

    /// <summary>Gets the prices new jobs are quoted at.</summary>
    public Domain.Pricing.PriceList Prices => _options.Prices;

    /// <summary>Loads reputations and the assignments still out, so a restarted coordinator goes on where it stopped.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when loaded.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadStandingsAsync(cancellationToken).ConfigureAwait(false);
            await RecountOutstandingAsync(cancellationToken).ConfigureAwait(false);

            _initialized = true;
            _logger.LogInformation("Work engine ready (seed {Seed}): {Nodes} nodes with reputation, {Pairs} colluding pairs kept apart, {Outstanding} assignments out",
                Seed, _reputation.Snapshot().Count, _pairs.Count, _outstanding.Values.Sum());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A node's reputation score now.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The score (the prior for an unknown node).</returns>
    public ReputationScore Reputation(string nodeId) => _reputation.Score(nodeId, _time.GetUtcNow());

    /// <summary>Whether adaptive replication trusts a node, and its run of checked valid results.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The trust state.</returns>
    public AdaptiveTrust Trust(string nodeId) => _adaptive.Trust(nodeId);

    /// <summary>Whether a node is suspect now (caught recently: never trusted, a quorum it wins is re-executed).</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>Whether it is suspect.</returns>
    public bool IsSuspect(string nodeId) => _reputation.IsSuspect(nodeId, _time.GetUtcNow());

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

    /// <summary>How many assignments a node holds now.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The count.</returns>
    public int Outstanding(string nodeId)
    {
        lock (_outstanding)
        {
            return _outstanding.GetValueOrDefault(nodeId);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("call InitializeAsync before using the work engine");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    private async Task RecountOutstandingAsync(CancellationToken cancellationToken)
    {
        var counts = await _store.CountIssuedAsync(cancellationToken).ConfigureAwait(false);
        lock (_outstanding)
        {
            _outstanding.Clear();
            foreach (var (node, count) in counts)
            {
                _outstanding[node] = count;
            }
        }
    }

    private void AddOutstanding(string nodeId, int delta)
    {
        lock (_outstanding)
        {
            var value = Math.Max(0, _outstanding.GetValueOrDefault(nodeId) + delta);
            if (value == 0)
            {
                _outstanding.Remove(nodeId);
            }
            else
            {
                _outstanding[nodeId] = value;
            }
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
