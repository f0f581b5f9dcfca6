using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>Settings of one coordinator process (<see cref="CoordinatorNode"/>).</summary>
public sealed class CoordinatorOptions
{
    /// <summary>Gets or sets the folder of the SQLite files (<c>ledger.db</c>, <c>telemetry.db</c>, <c>work.db</c>); used unless <see cref="PostgresConnectionString"/> is set.</summary>
    public string DataFolder { get; set; } = "edgecompute-data";

    /// <summary>Gets or sets the PostgreSQL connection string; when set, every store is in PostgreSQL (the production and scale-out mode).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Gets or sets the embedded central broker's settings; used unless <see cref="ExternalBroker"/> is set.</summary>
    public CentralBrokerOptions Broker { get; set; } = new() { BindAddress = "127.0.0.1", Port = 1883 };

    /// <summary>Gets or sets an external broker (Mosquitto, EMQX) to take batches from through a shared subscription, instead of embedding one.</summary>
    public ExternalBrokerOptions? ExternalBroker { get; set; }

    /// <summary>Gets or sets the epoch policy (length, emission, fairness).</summary>
    public EpochPolicy Epochs { get; set; } = new();

    /// <summary>Gets or sets the settlement settings (first epoch, data quality).</summary>
    public EpochSettlementOptions Settlement { get; set; } = new();

    /// <summary>Gets or sets the work use cases' settings.</summary>
    public WorkOptions Work { get; set; } = new();

    /// <summary>Gets or sets the blob store settings (quota, retention, sweep).</summary>
    public BlobOptions Blobs { get; set; } = new();

    /// <summary>Gets or sets the node directory settings.</summary>
    public NodeDirectoryOptions Nodes { get; set; } = new();

    /// <summary>Gets or sets how often the scheduler runs a pass.</summary>
    public TimeSpan PumpInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how often ended epochs are looked for and closed.</summary>
    public TimeSpan EpochCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the running coordinator audits its ledger (chain, conservation, statements), after one audit at start.</summary>
    public TimeSpan LedgerAuditInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets whether this process closes epochs (with several replicas one is enough; the store makes a second close harmless).</summary>
    public bool CloseEpochs { get; set; } = true;
}
