using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Protocol.Frames;

namespace EdgeCompute.Protocol.Security;

/// <summary>
/// The MQTT password a device presents to its gateway (user name = device id): lowercase hex of
/// HMAC-SHA256(device key, ASCII <c>"ec/v1/mqtt-credential"</c>). The gateway stores only this value, which does not
/// reveal the key, so a gateway cannot make device MACs.
/// </summary>
public static class DeviceCredential
{
    /// <summary>The HMAC input.</summary>
    public const string Label = "ec/v1/mqtt-credential";

    /// <summary>Derives the credential from the device key.</summary>
    /// <param name="deviceKey">The 32-byte device key.</param>
    /// <returns>64 lowercase hex characters.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static string Derive(byte[] deviceKey)
    {
        ArgumentNullException.ThrowIfNull(deviceKey);
        if (deviceKey.Length != DeviceFrameMac.KeyLength)
        {
            throw new ArgumentException($"a device key is {DeviceFrameMac.KeyLength} bytes, not {deviceKey.Length}", nameof(deviceKey));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(deviceKey, Encoding.ASCII.GetBytes(Label)));
    }

    /// <summary>Compares a presented credential with the stored one in constant time (for equal lengths).</summary>
    /// <param name="presented">What the client sent as its password.</param>
    /// <param name="expected">The credential from the gateway file.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool Verify(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
