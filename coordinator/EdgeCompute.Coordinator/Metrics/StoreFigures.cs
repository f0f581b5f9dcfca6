using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Metrics;

/// <summary>What the stores said at the last refresh (<see cref="CoordinatorMetrics.RefreshAsync"/>): shared by every replica.</summary>
/// <param name="Telemetry">Readings and batches stored, duplicates, conflicts, readings lost.</param>
/// <param name="Work">Jobs open and finished, tasks issued, verified, rejected, reissued.</param>
/// <param name="LedgerEntries">The ledger head's sequence: entries appended since genesis.</param>
internal sealed record StoreFigures(TelemetryStats Telemetry, WorkStats Work, long LedgerEntries);
