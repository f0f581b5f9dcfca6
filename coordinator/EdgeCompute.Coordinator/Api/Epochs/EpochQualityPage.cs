namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>One page of a closed epoch's data quality, per device.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Devices">The devices of this page, ordered by id.</param>
/// <param name="Next">The <c>after</c> of the next page, or null on the last.</param>
public sealed record EpochQualityPage(long EpochId, IReadOnlyList<DeviceQualityView> Devices, string? Next);
