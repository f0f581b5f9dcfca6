using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// One coordinator replica as <see cref="CoordinatorNode"/> wires it, minus the brokers: its stores (SQLite files or one
/// PostgreSQL database), the fleet registry, the node directory, the work use cases (publishing into a list) and the batch
/// ingestor. Two replicas on one PostgreSQL database share all state through it, as two processes would.
/// </summary>
internal sealed class BenchReplica : IAsyncDisposable
{
    private BenchReplica(CoordinatorStores stores, FleetRegistry registry, NodeDirectory nodes, WorkUseCases engine, BatchIngestor ingestor, CapturingPublisher published)
    {
        Stores = stores;
        Registry = registry;
        Nodes = nodes;
        Engine = engine;
        Ingestor = ingestor;
        Published = published;
    }

    public CoordinatorStores Stores { get; }

    public FleetRegistry Registry { get; }

    public NodeDirectory Nodes { get; }

    public WorkUseCases Engine { get; }

    public BatchIngestor Ingestor { get; }

    public CapturingPublisher Published { get; }

    public static async Task<BenchReplica> OpenAsync(ProvisionedFleet fleet, CoordinatorOptions options, EpochPolicy epochs, TimeProvider time, int seed,
        CancellationToken cancellationToken)
    {
        var stores = await CoordinatorStores.OpenAsync(options, time, cancellationToken);
        var registry = new FleetRegistry(fleet.Coordinator);
        var nodes = new NodeDirectory(options.Nodes);
        var published = new CapturingPublisher();
        var work = options.Work;
        work.Seed = seed;
        var engine = new WorkUseCases(stores.Work, stores.Ledger, registry, nodes, published, new EpochClock(epochs, time), work, time);
        await engine.InitializeAsync(cancellationToken);
        var ingestor = new BatchIngestor(registry, stores.Telemetry, engine.Results, engine.Results, new BatchIngestorOptions(), time, nodes: nodes);
        return new BenchReplica(stores, registry, nodes, engine, ingestor, published);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Stores.DisposeAsync();
    }
}
