namespace EdgeCompute.Client.Accounts;

/// <summary>A booked deposit.</summary>
/// <param name="Reference">The operator's reference.</param>
/// <param name="Owner">The credited owner.</param>
/// <param name="Amount">Micro-units credited.</param>
/// <param name="EpochId">The epoch it is booked in.</param>
/// <param name="Sequence">Its ledger entry's sequence number.</param>
/// <param name="Booked">When it was booked.</param>
/// <param name="EntryHash">Its ledger entry's hash, hex.</param>
/// <param name="Created">True when this request booked it; false when it was booked before.</param>
public sealed record DepositView(string Reference, string Owner, long Amount, long EpochId, long Sequence, DateTimeOffset Booked, string EntryHash, bool Created);
