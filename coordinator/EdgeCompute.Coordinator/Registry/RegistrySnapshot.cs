using System.Collections.Frozen;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Coordinator.Registry;

/// <summary>One immutable state of the registry; <see cref="FleetRegistry"/> swaps whole snapshots.</summary>
internal sealed record RegistrySnapshot(
    FrozenDictionary<string, OwnerRecord> Owners,
    FrozenDictionary<string, RegisteredGateway> Gateways,
    FrozenDictionary<string, RegisteredDevice> Devices,
    FrozenSet<string> RevokedGateways,
    FrozenSet<string> RevokedDevices);
