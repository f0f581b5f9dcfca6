using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// What the work use cases share: the stores they read and write, the fleet they place on, the clock, the counters, the
/// seeded random source, what this process keeps in memory (assignments out per node, running jobs' contexts), and the
/// one lock that serialises them in process. Every public use-case call takes the lock (<see cref="LockAsync"/>) and
/// calls the others' internal steps under it; a step that may take seconds (compiling or re-executing a module) runs
/// before taking it, and so do a result batch's reads (every write marks its tasks in <see cref="Writes"/>, and what
/// was written since a read is read again under the lock).
/// </summary>
internal sealed class WorkState : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the shared state.</summary>
    /// <param name="store">The work store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="registry">Owners, device keys, the coordinator key.</param>
    /// <param name="nodes">The node directory.</param>
    /// <param name="publisher">Sends assignments to gateways.</param>
    /// <param name="epochs">The epoch clock.</param>
    /// <param name="options">Validated settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="blobs">The blob store, or null.</param>
    /// <param name="seed">The seed of the random choices.</param>
    public WorkState(IWorkStore store, ILedgerStore ledger, FleetRegistry registry, NodeDirectory nodes, ITaskPublisher publisher, EpochClock epochs,
        WorkOptions options, TimeProvider time, ILogger logger, IBlobStore? blobs, int seed)
    {
        Store = store;
        Ledger = ledger;
        Registry = registry;
        Nodes = nodes;
        Publisher = publisher;
        Epochs = epochs;
        Options = options;
        Time = time;
        Logger = logger;
        Blobs = blobs;
        Random = new Random(seed);
        Jobs = new JobContexts(store, logger);
    }

    public IWorkStore Store { get; }

    public ILedgerStore Ledger { get; }

    public FleetRegistry Registry { get; }

    public NodeDirectory Nodes { get; }

    public ITaskPublisher Publisher { get; }

    public EpochClock Epochs { get; }

    public WorkOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public IBlobStore? Blobs { get; }

    /// <summary>Gets the seeded source of every random choice (placement, spot checks).</summary>
    public Random Random { get; }

    public WorkCounters Counters { get; } = new();

    public OutstandingWork Outstanding { get; } = new();

    public JobContexts Jobs { get; }

    /// <summary>Gets the tasks whose suspect-won quorum waits for the coordinator's re-execution (see <see cref="SuspectQuorumChecks"/>).</summary>
    public TaskQueue SuspectQuorums { get; } = new();

    /// <summary>Gets which tasks this process wrote when, for reads taken before the lock (see <see cref="TaskWriteLog"/>).</summary>
    public TaskWriteLog Writes { get; } = new();

    /// <summary>Gets the task states this process's result batches left (see <see cref="OwnWrites"/>).</summary>
    public OwnWrites Own { get; } = new();

    /// <summary>Gets or sets whether the stored standings and assignments were read (the use cases refuse work before).</summary>
    public bool Initialized { get; set; }

    /// <summary>Gets the clock's time in Unix milliseconds.</summary>
    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Takes the work lock; dispose the result to release it.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lock.</returns>
    /// <exception cref="InvalidOperationException">Before <see cref="WorkUseCases.InitializeAsync"/>.</exception>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        if (!Initialized)
        {
            throw new InvalidOperationException("call InitializeAsync before using the work use cases");
        }

        return await LockForStartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the work lock before initialisation (for the initialisation itself).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lock.</returns>
    public async Task<IDisposable> LockForStartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    /// <summary>Awaits a store write, then marks its task written — also when it failed or threw, as it may have committed.</summary>
    /// <typeparam name="T">The write's answer.</typeparam>
    /// <param name="write">The store call, already started.</param>
    /// <param name="taskId">The task it writes.</param>
    /// <returns>The write's answer.</returns>
    public async Task<T> WroteAsync<T>(Task<T> write, string taskId)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        finally
        {
            Writes.Written(taskId);
        }
    }

    /// <summary>Awaits a store write, then marks its tasks written — also when it failed or threw, as it may have committed.</summary>
    /// <typeparam name="T">The write's answer.</typeparam>
    /// <param name="write">The store call, already started.</param>
    /// <param name="taskIds">The tasks it writes, or null for a write whose tasks are not known here (all are marked).</param>
    /// <returns>The write's answer.</returns>
    public async Task<T> WroteAsync<T>(Task<T> write, IEnumerable<string>? taskIds)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        finally
        {
            if (taskIds is null)
            {
                Writes.WrittenAll();
            }
            else
            {
                Writes.Written(taskIds);
            }
        }
    }

    /// <summary>Reads the issued assignments per node again from the store.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when counted.</returns>
    public async Task RecountOutstandingAsync(CancellationToken cancellationToken) =>
        Outstanding.Reset(await Store.CountIssuedAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
