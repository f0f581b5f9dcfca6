using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>
/// Authenticates devices against the gateway file: client id = user name = a device of this gateway, password = its
/// broker credential (compared in constant time). The gateway holds only credentials, never device keys.
/// </summary>
public sealed class DeviceAuthenticator
{
    private readonly Dictionary<string, string> _credentials;

    /// <summary>Creates an authenticator for the devices listed in the gateway file.</summary>
    /// <param name="devices">The gateway file's device entries.</param>
    public DeviceAuthenticator(IEnumerable<GatewayDeviceEntry> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        _credentials = devices.ToDictionary(d => d.DeviceId, d => d.BrokerCredential, StringComparer.Ordinal);
    }

    /// <summary>Gets the ids of the devices that may connect.</summary>
    public IReadOnlyCollection<string> DeviceIds => _credentials.Keys;

    /// <summary>Decides whether a client may connect.</summary>
    /// <param name="clientId">The MQTT client id.</param>
    /// <param name="userName">The user name presented.</param>
    /// <param name="password">The password presented.</param>
    /// <returns>The decision.</returns>
    public ConnectDecision Authenticate(string? clientId, string? userName, string? password)
    {
        if (clientId is null || !_credentials.TryGetValue(clientId, out var expected))
        {
            return ConnectDecision.UnknownDevice;
        }

        // Always compare, so a wrong user name costs the same time as a wrong password.
        var credentialMatches = DeviceCredential.Verify(password, expected);
        return credentialMatches && string.Equals(userName, clientId, StringComparison.Ordinal)
            ? ConnectDecision.Accepted
            : ConnectDecision.BadCredential;
    }
}
