namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>Sensor readings from one device that passed the quality checks, booked when their check committed.</summary>
/// <param name="Owner">The device owner's payout account.</param>
/// <param name="Device">The device that produced the readings.</param>
/// <param name="QualifiedReadings">Readings (as the protocol counts them) that passed range, stuck, jump, gap and neighbour checks; not negative.</param>
/// <param name="DeviceApproved">Whether the device is approved for data rewards; unapproved devices earn nothing.</param>
/// <param name="VerifiedAt">When the quality check committed (UTC).</param>
public sealed record DataCredit(string Owner, string Device, long QualifiedReadings, bool DeviceApproved, DateTimeOffset VerifiedAt);
