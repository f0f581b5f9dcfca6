namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>Verified work by one device: booked in the epoch in which its verification committed.</summary>
/// <param name="Owner">The device owner's payout account.</param>
/// <param name="Device">The device (or gateway) that did the work.</param>
/// <param name="CostUnits">Cost units of the verified work: kernel operations or WASM fuel; not negative.</param>
/// <param name="VerifiedAt">When the verification committed (UTC).</param>
public sealed record WorkCredit(string Owner, string Device, long CostUnits, DateTimeOffset VerifiedAt);
