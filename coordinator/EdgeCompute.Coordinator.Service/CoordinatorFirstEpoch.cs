using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Runtime;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// Without <c>CoordinatorOptions:Settlement:FirstEpochId</c>, settlement starts from the epoch current at start: epochs before
/// the first run are never closed (else the closer would pay every epoch since the genesis, 1970). A ledger with entries
/// starts from its first entry's epoch anyway (<see cref="EpochSettlement"/>).
/// </summary>
/// <param name="time">The clock.</param>
internal sealed class CoordinatorFirstEpoch(TimeProvider time) : IPostConfigureOptions<CoordinatorOptions>
{
    /// <inheritdoc/>
    public void PostConfigure(string? name, CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Settlement.FirstEpochId != 0 || !options.Epochs.Validate().IsValid)
        {
            return; // set explicitly, or a broken policy the validator reports
        }

        var settlement = options.Settlement;
        options.Settlement = new EpochSettlementOptions
        {
            DataQuality = settlement.DataQuality,
            MaxOwnersPerEntry = settlement.MaxOwnersPerEntry,
            TelemetryPageSize = settlement.TelemetryPageSize,
            MaxTelemetryWindows = settlement.MaxTelemetryWindows,
            MaxEpochsPerRun = settlement.MaxEpochsPerRun,
            FirstEpochId = new EpochClock(options.Epochs, time).Current.Id,
        };
    }
}
