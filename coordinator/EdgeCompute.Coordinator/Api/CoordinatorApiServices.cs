using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;

namespace EdgeCompute.Coordinator.Api;

/// <summary>
/// What the HTTP API reads and drives: the registry (owners and their tokens), the work use cases and node directory of
/// this process, and the stores every replica shares. Registered as a singleton by
/// <see cref="CoordinatorApiServiceCollectionExtensions.AddCoordinatorApi"/>.
/// </summary>
public sealed class CoordinatorApiServices
{
    /// <summary>The shortest operator token accepted, in characters.</summary>
    public const int MinOperatorTokenLength = 32;

    /// <summary>Creates the services.</summary>
    /// <param name="registry">Owners (with their API tokens), gateways and devices.</param>
    /// <param name="work">The work use cases (started with <see cref="WorkUseCases.InitializeAsync"/>).</param>
    /// <param name="nodes">The node directory.</param>
    /// <param name="workStore">The work store.</param>
    /// <param name="telemetry">The telemetry store.</param>
    /// <param name="ledger">The ledger store.</param>
    /// <param name="epochs">The epoch clock (the epoch a deposit is booked in).</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="operatorToken">The token that may book deposits; null or empty disables deposits.</param>
    /// <exception cref="ArgumentException">The operator token is shorter than <see cref="MinOperatorTokenLength"/> or equals an owner's token.</exception>
    public CoordinatorApiServices(FleetRegistry registry, WorkUseCases work, NodeDirectory nodes, IWorkStore workStore, ITelemetryStore telemetry, ILedgerStore ledger,
        EpochClock epochs, TimeProvider? time = null, string? operatorToken = null)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Work = work ?? throw new ArgumentNullException(nameof(work));
        Nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
        WorkStore = workStore ?? throw new ArgumentNullException(nameof(workStore));
        Telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        Ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        Epochs = epochs ?? throw new ArgumentNullException(nameof(epochs));
        Time = time ?? TimeProvider.System;
        Quality = telemetry is IDeviceQualityStore quality ? new ClosedEpochQuality(ledger, quality) : null;
        if (!string.IsNullOrEmpty(operatorToken))
        {
            if (operatorToken.Length < MinOperatorTokenLength)
            {
                throw new ArgumentException($"the API operator token must be at least {MinOperatorTokenLength} characters (e.g. 32 random bytes as hex)", nameof(operatorToken));
            }

            if (registry.Owners.Values.Any(o => o.ApiToken == operatorToken))
            {
                throw new ArgumentException("the API operator token must differ from every owner's API token", nameof(operatorToken));
            }

            OperatorToken = operatorToken;
        }
    }

    /// <summary>Gets the ledger auditor whose last result <c>GET /api/ledger/audit</c> shows, or null where none runs.</summary>
    public LedgerAuditor? LedgerAudits { get; init; }

    /// <summary>Gets how often the ledger auditor runs.</summary>
    public TimeSpan LedgerAuditInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the registry.</summary>
    public FleetRegistry Registry { get; }

    /// <summary>Gets the work use cases.</summary>
    public WorkUseCases Work { get; }

    /// <summary>Gets the node directory.</summary>
    public NodeDirectory Nodes { get; }

    /// <summary>Gets the work store.</summary>
    public IWorkStore WorkStore { get; }

    /// <summary>Gets the blob store (modules and task inputs by hash); the blob endpoints need it.</summary>
    public IBlobStore? Blobs { get; init; }

    /// <summary>Gets the bytes one owner may hold in the blob store (deduplicated).</summary>
    public long BlobQuotaBytes { get; init; } = BlobLimits.DefaultQuotaBytes;

    /// <summary>Gets the telemetry store.</summary>
    public ITelemetryStore Telemetry { get; }

    /// <summary>Gets the ledger store.</summary>
    public ILedgerStore Ledger { get; }

    /// <summary>Gets the data quality per device of closed epochs, or null when the telemetry store keeps none.</summary>
    public IDeviceQualityReader? Quality { get; }

    /// <summary>Gets the epoch clock.</summary>
    public EpochClock Epochs { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the coordinator's metrics, served on <c>/metrics</c>; null serves none (404).</summary>
    public Metrics.CoordinatorMetrics? Metrics { get; init; }

    /// <summary>Gets whether the broker gateways reach is up, for <c>/readyz</c>; null leaves the broker out of readiness.</summary>
    public Func<bool>? BrokerIsUp { get; init; }

    /// <summary>Gets the operator token, or null when deposits are disabled.</summary>
    public string? OperatorToken { get; }

    /// <summary>The epoch now, or 0 before genesis (a deposit made before the network starts belongs to its first epoch).</summary>
    /// <returns>The epoch id.</returns>
    public long CurrentEpochId()
    {
        try
        {
            return Epochs.Current.Id;
        }
        catch (ArgumentOutOfRangeException)
        {
            return 0;
        }
    }
}
