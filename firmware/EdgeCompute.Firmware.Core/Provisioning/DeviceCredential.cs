using System;
using EdgeCompute.Firmware.Kernels.Crypto;

namespace EdgeCompute.Firmware.Core.Provisioning;

/// <summary>
/// The MQTT password a device presents to its gateway's broker (user name = device id):
/// <c>lowercase-hex(HMAC-SHA256(device key, ASCII "ec/v1/mqtt-credential"))</c>. The gateway stores only this
/// value, which does not reveal the key.
/// </summary>
public static class DeviceCredential
{
    /// <summary>The ASCII label the credential is derived from.</summary>
    public const string Label = "ec/v1/mqtt-credential";

    /// <summary>Derives the broker credential from the device key.</summary>
    /// <param name="key">The 32-byte device key.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string Derive(byte[] key)
    {
        if (key == null || key.Length != 32)
        {
            throw new ArgumentException("device key must be 32 bytes", nameof(key));
        }

        var label = new byte[Label.Length];
        for (var i = 0; i < label.Length; i++)
        {
            label[i] = (byte)Label[i];
        }

        var mac = new byte[HmacSha256.MacSize];
        HmacSha256.Compute(key, label, 0, label.Length, mac, 0);
        return Hex.Encode(mac, 0, mac.Length);
    }
}
