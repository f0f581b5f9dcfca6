namespace EdgeCompute.Protocol.Provisioning;

/// <summary>The contents of <c>coordinator.json</c>: the coordinator key pair and every owner, gateway and device.</summary>
/// <param name="CoordinatorPrivateKey">The coordinator's ECDSA P-256 private key, base64 PKCS#8 (signs acks and tasks).</param>
/// <param name="CoordinatorPublicKey">The matching public key, base64 SubjectPublicKeyInfo.</param>
/// <param name="Owners">The owners.</param>
/// <param name="Gateways">The gateways.</param>
/// <param name="Devices">The devices.</param>
public sealed record CoordinatorRegistry(
    string CoordinatorPrivateKey,
    string CoordinatorPublicKey,
    IReadOnlyList<OwnerRecord> Owners,
    IReadOnlyList<GatewayRecord> Gateways,
    IReadOnlyList<DeviceRecord> Devices);
