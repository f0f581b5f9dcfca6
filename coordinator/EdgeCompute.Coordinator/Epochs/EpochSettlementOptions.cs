using System.ComponentModel.DataAnnotations;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;

namespace EdgeCompute.Coordinator.Epochs;

/// <summary>How <see cref="EpochSettlement"/> reads and books; bound from the <c>EpochSettlementOptions</c> section.</summary>
public sealed class EpochSettlementOptions
{
    /// <summary>The data quality checks applied to the epoch's telemetry windows.</summary>
    public DataQualityOptions DataQuality { get; init; } = new();

    /// <summary>Most owners credited by one payout entry.</summary>
    [Range(1, 100_000)]
    public int MaxOwnersPerEntry { get; init; } = EpochPayoutTransfers.DefaultMaxOwnersPerEntry;

    /// <summary>Telemetry windows read per page.</summary>
    [Range(1, 1_000_000)]
    public int TelemetryPageSize { get; init; } = 10_000;

    /// <summary>Most telemetry windows one epoch may hold (they are checked in memory); beyond it the close is refused with <see cref="EpochSettlementReason.TooMuchTelemetry"/>.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTelemetryWindows { get; init; } = 2_000_000;

    /// <summary>Most epochs one <see cref="EpochSettlement.CloseDueAsync"/> closes.</summary>
    [Range(1, 10_000)]
    public int MaxEpochsPerRun { get; init; } = 32;

    /// <summary>The first epoch <see cref="EpochSettlement.CloseDueAsync"/> closes when none is closed yet, unless the ledger's first entry is dated earlier (epochs before both are never closed); once one is closed, closing goes on from the next.</summary>
    [Range(0, long.MaxValue)]
    public long FirstEpochId { get; init; }
}
