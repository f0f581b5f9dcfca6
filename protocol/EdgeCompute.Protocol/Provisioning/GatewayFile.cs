using System.Text.Json.Serialization;

namespace EdgeCompute.Protocol.Provisioning;

/// <summary>The contents of <c>gateways/{id}.json</c>: only what that gateway may know.</summary>
/// <param name="GatewayId">The gateway id.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="PrivateKey">Its ECDSA P-256 private key, base64 PKCS#8 (signs its batches).</param>
/// <param name="PublicKey">The matching public key, base64 SubjectPublicKeyInfo.</param>
/// <param name="CoordinatorPublicKey">The coordinator's public key (verifies acks and tasks).</param>
/// <param name="BrokerUsername">Its central-broker user name (the gateway id).</param>
/// <param name="BrokerPassword">Its central-broker password.</param>
/// <param name="DeviceBrokerPort">The port its device broker listens on (devices' <see cref="DeviceFile.GatewayPort"/>).</param>
/// <param name="Devices">Its devices: id and broker credential only.</param>
/// <param name="Api">
/// The coordinator's HTTP API as the gateway reaches it (absolute http or https), where it fetches blobs; null (no
/// <c>api</c> field) when the fleet was provisioned without one. The gateway's <c>Wasm:CoordinatorApi</c> overrides it.
/// </param>
public sealed record GatewayFile(
    string GatewayId,
    string OwnerId,
    string PrivateKey,
    string PublicKey,
    string CoordinatorPublicKey,
    string BrokerUsername,
    string BrokerPassword,
    int DeviceBrokerPort,
    IReadOnlyList<GatewayDeviceEntry> Devices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? Api = null);
