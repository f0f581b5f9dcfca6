using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Coordinator.Registry;

/// <summary>
/// The coordinator's registry of owners, gateways and devices, from <c>coordinator.json</c>
/// (<see cref="FleetFiles.ReadCoordinator"/>). Reads are lock-free on an immutable snapshot; every change (revoke,
/// rotate, move, reload) builds a new snapshot and swaps it in, so it takes effect for the next message without a
/// restart and a reader never sees half a change. Writers are serialised by a lock.
/// </summary>
public sealed class FleetRegistry
{
    private readonly Lock _writeLock = new();
    private volatile RegistrySnapshot _snapshot;

    /// <summary>Creates the registry from a read provisioning registry.</summary>
    /// <param name="registry">The coordinator's registry file contents.</param>
    public FleetRegistry(CoordinatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        CoordinatorKey = P256Keys.ImportPrivateKey(registry.CoordinatorPrivateKey);
        _snapshot = Build(registry, FrozenSet<string>.Empty, FrozenSet<string>.Empty);
    }

    /// <summary>Gets the coordinator's signing key (acks, tasks). Use through <see cref="SignWithCoordinatorKey"/> from several threads.</summary>
    internal ECDsa CoordinatorKey { get; }

    /// <summary>Gets the coordinator's public key (SubjectPublicKeyInfo, base64), e.g. to verify epoch statements.</summary>
    public string CoordinatorPublicKey => SignWithCoordinatorKey(P256Keys.ExportPublicKey);

    /// <summary>Gets every active gateway, ordered by id.</summary>
    public IReadOnlyList<RegisteredGateway> Gateways => [.. _snapshot.Gateways.Values.OrderBy(g => g.Id, StringComparer.Ordinal)];

    /// <summary>Gets every active device, ordered by id.</summary>
    public IReadOnlyList<RegisteredDevice> Devices => [.. _snapshot.Devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Gets the owners by id.</summary>
    public IReadOnlyDictionary<string, OwnerRecord> Owners => _snapshot.Owners;

    /// <summary>Reads a registry file and creates the registry.</summary>
    /// <param name="path">Path of <c>coordinator.json</c>.</param>
    /// <returns>The registry.</returns>
    public static FleetRegistry Load(string path) => new(FleetFiles.ReadCoordinator(path));

    /// <summary>Replaces the whole registry with a newly read file; revocations made since are kept.</summary>
    /// <param name="path">Path of <c>coordinator.json</c>.</param>
    public void Reload(string path) => Reload(FleetFiles.ReadCoordinator(path));

    /// <summary>Replaces the whole registry; revocations made since are kept.</summary>
    /// <param name="registry">The new contents.</param>
    public void Reload(CoordinatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (_writeLock)
        {
            _snapshot = Build(registry, _snapshot.RevokedGateways, _snapshot.RevokedDevices);
        }
    }

    /// <summary>Looks up an active gateway.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="gateway">The gateway when found.</param>
    /// <returns>Whether it is found, unknown or revoked.</returns>
    public RegistryLookup FindGateway(string gatewayId, out RegisteredGateway? gateway)
    {
        var snapshot = _snapshot;
        return snapshot.Gateways.TryGetValue(gatewayId, out gateway) ? RegistryLookup.Found
            : snapshot.RevokedGateways.Contains(gatewayId) ? RegistryLookup.Revoked : RegistryLookup.Unknown;
    }

    /// <summary>Looks up an active device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="device">The device when found.</param>
    /// <returns>Whether it is found, unknown or revoked.</returns>
    public RegistryLookup FindDevice(string deviceId, out RegisteredDevice? device)
    {
        var snapshot = _snapshot;
        return snapshot.Devices.TryGetValue(deviceId, out device) ? RegistryLookup.Found
            : snapshot.RevokedDevices.Contains(deviceId) ? RegistryLookup.Revoked : RegistryLookup.Unknown;
    }

    /// <summary>The owner of an active gateway or device.</summary>
    /// <param name="nodeId">The gateway or device id.</param>
    /// <param name="isGateway">Whether it is a gateway.</param>
    /// <returns>Its owner, or null when the registry does not know it (never provisioned, or revoked).</returns>
    public string? OwnerOf(string nodeId, bool isGateway) =>
        isGateway
            ? FindGateway(nodeId, out var gateway) == RegistryLookup.Found ? gateway!.OwnerId : null
            : FindDevice(nodeId, out var device) == RegistryLookup.Found ? device!.OwnerId : null;

    /// <summary>Checks a gateway's central-broker password in constant time.</summary>
    /// <param name="gatewayId">The gateway id (MQTT user name and client id).</param>
    /// <param name="password">The presented password.</param>
    /// <returns>True when the gateway is active and the password matches.</returns>
    public bool CheckBrokerPassword(string? gatewayId, string? password)
    {
        if (gatewayId is null || password is null || FindGateway(gatewayId, out var gateway) != RegistryLookup.Found)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(gateway!.BrokerPassword), Encoding.UTF8.GetBytes(password));
    }

    /// <summary>Signs with the coordinator key (serialised: one signing at a time).</summary>
    /// <param name="sign">The signing operation.</param>
    /// <typeparam name="T">What it returns.</typeparam>
    /// <returns>The signed value.</returns>
    public T SignWithCoordinatorKey<T>(Func<ECDsa, T> sign)
    {
        ArgumentNullException.ThrowIfNull(sign);
        lock (CoordinatorKey)
        {
            return sign(CoordinatorKey);
        }
    }

    /// <summary>Replaces a gateway's public key (and optionally its broker password).</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="publicKeyBase64">The new SubjectPublicKeyInfo, base64.</param>
    /// <param name="brokerPassword">A new broker password, or null to keep it.</param>
    /// <returns>False when the gateway is not active.</returns>
    public bool RotateGatewayKey(string gatewayId, string publicKeyBase64, string? brokerPassword = null)
    {
        var key = P256Keys.ImportPublicKey(publicKeyBase64);
        return UpdateGateway(gatewayId, g => g with { PublicKey = key, BrokerPassword = brokerPassword ?? g.BrokerPassword });
    }

    /// <summary>Revokes a gateway: its connections are refused and its batches rejected from now on.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <returns>False when the gateway is not active.</returns>
    public bool RevokeGateway(string gatewayId) => Swap(s => s.Gateways.ContainsKey(gatewayId)
        ? s with { Gateways = s.Gateways.Where(p => p.Key != gatewayId).ToFrozenDictionary(), RevokedGateways = s.RevokedGateways.Append(gatewayId).ToFrozenSet() }
        : null);

    /// <summary>Replaces a device key.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="keyHex">The new 32-byte key, hex.</param>
    /// <returns>False when the device is not active.</returns>
    public bool RotateDeviceKey(string deviceId, string keyHex)
    {
        var key = Convert.FromHexString(keyHex);
        if (key.Length != DeviceFrameMac.KeyLength)
        {
            throw new ArgumentException($"a device key is {DeviceFrameMac.KeyLength} bytes, got {key.Length}", nameof(keyHex));
        }

        return UpdateDevice(deviceId, d => d with { Key = key });
    }

    /// <summary>Revokes a device: its frames fail MAC verification from now on.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>False when the device is not active.</returns>
    public bool RevokeDevice(string deviceId) => Swap(s => s.Devices.ContainsKey(deviceId)
        ? s with { Devices = s.Devices.Where(p => p.Key != deviceId).ToFrozenDictionary(), RevokedDevices = s.RevokedDevices.Append(deviceId).ToFrozenSet() }
        : null);

    /// <summary>Moves a device behind another gateway.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="gatewayId">The new home gateway (must be active).</param>
    /// <returns>False when the device or the gateway is not active.</returns>
    public bool MoveDevice(string deviceId, string gatewayId) =>
        _snapshot.Gateways.ContainsKey(gatewayId) && UpdateDevice(deviceId, d => d with { HomeGatewayId = gatewayId });

    private bool UpdateGateway(string gatewayId, Func<RegisteredGateway, RegisteredGateway> change) => Swap(s =>
        s.Gateways.TryGetValue(gatewayId, out var g)
            ? s with { Gateways = s.Gateways.Select(p => p.Key == gatewayId ? KeyValuePair.Create(p.Key, change(g)) : p).ToFrozenDictionary() }
            : null);

    private bool UpdateDevice(string deviceId, Func<RegisteredDevice, RegisteredDevice> change) => Swap(s =>
        s.Devices.TryGetValue(deviceId, out var d)
            ? s with { Devices = s.Devices.Select(p => p.Key == deviceId ? KeyValuePair.Create(p.Key, change(d)) : p).ToFrozenDictionary() }
            : null);

    private bool Swap(Func<RegistrySnapshot, RegistrySnapshot?> change)
    {
        lock (_writeLock)
        {
            if (change(_snapshot) is not { } next)
            {
                return false;
            }

            _snapshot = next;
            return true;
        }
    }

    private static RegistrySnapshot Build(CoordinatorRegistry registry, FrozenSet<string> revokedGateways, FrozenSet<string> revokedDevices) => new(
        registry.Owners.ToFrozenDictionary(o => o.Id),
        registry.Gateways.Where(g => !revokedGateways.Contains(g.Id))
            .ToFrozenDictionary(g => g.Id, g => new RegisteredGateway(g.Id, g.OwnerId, P256Keys.ImportPublicKey(g.PublicKey), g.BrokerPassword)),
        registry.Devices.Where(d => !revokedDevices.Contains(d.Id))
            .ToFrozenDictionary(d => d.Id, d => new RegisteredDevice(d.Id, d.OwnerId, d.GatewayId, d.GetKey(), d.HardwareClass, d.ApprovedForDataRewards)),
        revokedGateways,
        revokedDevices);
}
