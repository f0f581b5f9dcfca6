namespace EdgeCompute.Protocol.Provisioning;

/// <summary>An owner in the coordinator registry: who gets paid for a node's work and data.</summary>
/// <param name="Id">The owner id (id rules).</param>
/// <param name="Name">A display name.</param>
/// <param name="PayoutAccount">Where payouts go.</param>
/// <param name="ApiToken">The owner's HTTP API token: 32 random bytes as 64 lowercase hex characters.</param>
public sealed record OwnerRecord(string Id, string Name, string PayoutAccount, string ApiToken);
