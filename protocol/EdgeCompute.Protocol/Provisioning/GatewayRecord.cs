namespace EdgeCompute.Protocol.Provisioning;

/// <summary>A gateway in the coordinator registry.</summary>
/// <param name="Id">The gateway id.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="PublicKey">Its ECDSA P-256 public key, base64 SubjectPublicKeyInfo (verifies its batches).</param>
/// <param name="BrokerPassword">Its central-broker password (user name = gateway id): 64 lowercase hex characters.</param>
public sealed record GatewayRecord(string Id, string OwnerId, string PublicKey, string BrokerPassword);
