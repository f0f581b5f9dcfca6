using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Registry;

/// <summary>A gateway as the registry knows it. Immutable: a rotation or revocation replaces the whole record.</summary>
/// <param name="Id">The gateway id.</param>
/// <param name="OwnerId">The owner's id.</param>
/// <param name="PublicKey">The gateway's P-256 public key (batch signatures). Never disposed by the registry: a batch
/// being verified while the key rotates keeps a usable key.</param>
/// <param name="BrokerPassword">The central-broker password (lowercase hex).</param>
public sealed record RegisteredGateway(string Id, string OwnerId, ECDsa PublicKey, string BrokerPassword);
