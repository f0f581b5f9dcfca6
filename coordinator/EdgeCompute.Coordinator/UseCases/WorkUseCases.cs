using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// The coordinator's work, one use case per step of a job's life — <see cref="Intake"/> (accept, escrow, plan),
/// <see cref="Issue"/> (place, send, withdraw and reissue), <see cref="Results"/> (authenticate, record, judge),
/// <see cref="Cancel"/>, <see cref="Settlement"/> (fees and refunds), with <see cref="Standings"/> (reputation, trust,
/// colluding pairs) and <see cref="Fleet"/> (can the fleet run it). Each reads, lets the domain decide
/// (<c>EdgeCompute.Coordinator.Domain.Work</c>: issue, reissue, verify, pay once), and writes. All state lives in the
/// <see cref="IWorkStore"/>; its constraints (one valid result per slot, a job finished once) keep retries and racing
/// replicas from paying twice. Calls are serialised in process by one lock.
/// </summary>
public sealed class WorkUseCases : IAsyncDisposable
{
    private readonly WorkState _state;

    /// <summary>Wires the use cases; call <see cref="InitializeAsync"/> before use.</summary>
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
    /// <param name="blobs">
    /// The blob store that jobs naming their module and inputs by hash (<c>wasm-map</c> by hash) are resolved against at
    /// intake; null refuses such jobs.
    /// </param>
    public WorkUseCases(IWorkStore store, ILedgerStore ledger, FleetRegistry registry, NodeDirectory nodes, ITaskPublisher publisher, EpochClock epochs,
        WorkOptions? options = null, TimeProvider? time = null, ILogger<WorkUseCases>? logger = null, ReputationOptions? reputation = null,
        IModuleReExecutor? modules = null, IBlobStore? blobs = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(epochs);
        options ??= new WorkOptions();
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"work options: {problem}", nameof(options));
        }

        Seed = options.Seed ?? Random.Shared.Next();
        _state = new WorkState(store, ledger, registry, nodes, publisher, epochs, options, time ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance, blobs,
            Seed);
        var jobModules = new JobModules(blobs);
        Standings = new NodeStandings(_state, reputation ?? new ReputationOptions());
        Fleet = new FleetReadiness(_state);
        Settlement = new JobSettlement(_state);
        var completion = new JobCompletion(_state, Settlement);
        var judging = new TaskJudging(_state, Standings, completion, modules);
        var moduleChecks = new ModuleFaultChecks(_state, jobModules, judging, completion);
        Intake = new JobIntake(_state, Fleet);
        Cancel = new JobCancel(_state, Settlement);
        Issue = new TaskIssue(_state, Standings, judging, completion, moduleChecks, new SuspectQuorumChecks(_state, jobModules, judging));
        Results = new ResultIntake(_state, judging, moduleChecks, jobModules);
    }

    /// <summary>Gets job intake: accept, escrow, plan.</summary>
    public JobIntake Intake { get; }

    /// <summary>Gets task issue: the scheduling pass that places, sends, withdraws and reissues.</summary>
    public TaskIssue Issue { get; }

    /// <summary>Gets result intake: the sink of batch ingest for results and handed-back tasks.</summary>
    public ResultIntake Results { get; }

    /// <summary>Gets job cancellation.</summary>
    public JobCancel Cancel { get; }

    /// <summary>Gets settlement of finished jobs' escrow.</summary>
    public JobSettlement Settlement { get; }

    /// <summary>Gets the nodes' standings: reputation, adaptive trust, colluding pairs.</summary>
    public NodeStandings Standings { get; }

    /// <summary>Gets whether the fleet can run a job.</summary>
    public FleetReadiness Fleet { get; }

    /// <summary>Gets the seed of the random choices (placement, spot checks).</summary>
    public int Seed { get; }

    /// <summary>Gets the per-process counters.</summary>
    public WorkCounters Counters => _state.Counters;

    /// <summary>Loads reputations and the assignments still out, so a restarted coordinator goes on where it stopped.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when loaded.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        using (await _state.LockForStartAsync(cancellationToken).ConfigureAwait(false))
        {
            await Standings.ReadAsync(cancellationToken).ConfigureAwait(false);
            await _state.RecountOutstandingAsync(cancellationToken).ConfigureAwait(false);
            _state.Initialized = true;
        }

        _state.Logger.LogInformation("Work ready (seed {Seed}): {Nodes} nodes with reputation, {Pairs} colluding pairs kept apart, {Outstanding} assignments out",
            Seed, Standings.NodeCount, Standings.PairCount, _state.Outstanding.Total);
    }

    /// <summary>How many assignments a node holds now.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The count.</returns>
    public int Outstanding(string nodeId) => _state.Outstanding.Of(nodeId);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        return ValueTask.CompletedTask;
    }
}
