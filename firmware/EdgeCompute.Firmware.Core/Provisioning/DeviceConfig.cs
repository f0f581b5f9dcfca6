using System;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Provisioning;

/// <summary>
/// The device's configuration file: one <c>key=value</c> per line, <c>#</c> starts a comment line. Keys:
/// <c>deviceId</c>, <c>ownerId</c>, <c>gatewayId</c>, <c>key</c> (64 hex digits), <c>gatewayHost</c>,
/// <c>gatewayPort</c> (required); <c>wifiSsid</c>, <c>wifiPassword</c> (optional, for boards on Wi-Fi).
/// </summary>
/// <remarks>
/// Values are taken as written after the first <c>=</c> (only a trailing carriage return is removed), so Wi-Fi
/// secrets may hold spaces and <c>=</c>. Keys are case-sensitive; an unknown or repeated key is an error.
/// </remarks>
public sealed class DeviceConfig
{
    /// <summary>The key of the device id.</summary>
    public const string DeviceIdKey = "deviceId";

    /// <summary>The key of the owner id.</summary>
    public const string OwnerIdKey = "ownerId";

    /// <summary>The key of the home gateway's id.</summary>
    public const string GatewayIdKey = "gatewayId";

    /// <summary>The key of the device key (hex).</summary>
    public const string KeyKey = "key";

    /// <summary>The key of the gateway broker's host name or address.</summary>
    public const string GatewayHostKey = "gatewayHost";

    /// <summary>The key of the gateway broker's TCP port.</summary>
    public const string GatewayPortKey = "gatewayPort";

    /// <summary>The key of the Wi-Fi network name.</summary>
    public const string WifiSsidKey = "wifiSsid";

    /// <summary>The key of the Wi-Fi password.</summary>
    public const string WifiPasswordKey = "wifiPassword";

    private DeviceConfig(
        string deviceId,
        string ownerId,
        string gatewayId,
        byte[] key,
        string gatewayHost,
        int gatewayPort,
        string wifiSsid,
        string wifiPassword)
    {
        DeviceId = deviceId;
        OwnerId = ownerId;
        GatewayId = gatewayId;
        Key = key;
        GatewayHost = gatewayHost;
        GatewayPort = gatewayPort;
        WifiSsid = wifiSsid;
        WifiPassword = wifiPassword;
    }

    /// <summary>Gets the device id.</summary>
    public string DeviceId { get; }

    /// <summary>Gets the owner id.</summary>
    public string OwnerId { get; }

    /// <summary>Gets the home gateway's id.</summary>
    public string GatewayId { get; }

    /// <summary>Gets the 32-byte device key.</summary>
    public byte[] Key { get; }

    /// <summary>Gets the gateway broker's host name or address.</summary>
    public string GatewayHost { get; }

    /// <summary>Gets the gateway broker's TCP port.</summary>
    public int GatewayPort { get; }

    /// <summary>Gets the Wi-Fi network name, empty when not configured.</summary>
    public string WifiSsid { get; }

    /// <summary>Gets the Wi-Fi password, empty when not configured.</summary>
    public string WifiPassword { get; }

    /// <summary>Parses configuration text.</summary>
    /// <param name="text">The file's content.</param>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="FormatException">A line is not <c>key=value</c>, a key is unknown, repeated, missing or invalid.</exception>
    public static DeviceConfig Parse(string text)
    {
        if (text == null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        string? deviceId = null;
        string? ownerId = null;
        string? gatewayId = null;
        string? keyText = null;
        string? host = null;
        string? portText = null;
        string? ssid = null;
        string? password = null;

        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length > 0 && line[line.Length - 1] == '\r')
            {
                line = line.Substring(0, line.Length - 1);
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw new FormatException("config line " + (n + 1).ToString() + ": expected key=value");
            }

            var name = line.Substring(0, equals).Trim();
            var value = line.Substring(equals + 1);
            switch (name)
            {
                case DeviceIdKey: deviceId = Set(deviceId, name, value); break;
                case OwnerIdKey: ownerId = Set(ownerId, name, value); break;
                case GatewayIdKey: gatewayId = Set(gatewayId, name, value); break;
                case KeyKey: keyText = Set(keyText, name, value); break;
                case GatewayHostKey: host = Set(host, name, value); break;
                case GatewayPortKey: portText = Set(portText, name, value); break;
                case WifiSsidKey: ssid = Set(ssid, name, value); break;
                case WifiPasswordKey: password = Set(password, name, value); break;
                default:
                    throw new FormatException("config line " + (n + 1).ToString() + ": unknown key '" + name + "'");
            }
        }

        deviceId = RequireId(deviceId, DeviceIdKey);
        ownerId = RequireId(ownerId, OwnerIdKey);
        gatewayId = RequireId(gatewayId, GatewayIdKey);

        keyText = Require(keyText, KeyKey).Trim();
        if (keyText.Length != 64 || !Hex.TryDecode(keyText, out var key) || key == null)
        {
            throw new FormatException("config key 'key': must be 64 hex digits (32 bytes)");
        }

        host = Require(host, GatewayHostKey).Trim();
        if (host.Length == 0 || !IdRules.IsPrintableAscii(host, 253) || host.IndexOf(' ') >= 0)
        {
            throw new FormatException("config key 'gatewayHost': must be a host name or address");
        }

        var port = ParsePort(Require(portText, GatewayPortKey).Trim());

        ssid = ssid ?? string.Empty;
        if (!IdRules.IsPrintableAscii(ssid, 32))
        {
            throw new FormatException("config key 'wifiSsid': at most 32 printable ASCII chars");
        }

        password = password ?? string.Empty;
        if (!IdRules.IsPrintableAscii(password, 64))
        {
            throw new FormatException("config key 'wifiPassword': at most 64 printable ASCII chars");
        }

        return new DeviceConfig(deviceId, ownerId, gatewayId, key, host, port, ssid, password);
    }

    /// <summary>Writes this configuration in the file format <see cref="Parse"/> reads.</summary>
    /// <returns>The text, one <c>key=value</c> per line.</returns>
    public string ToText()
    {
        var text = "# EdgeCompute device configuration\n"
            + DeviceIdKey + "=" + DeviceId + "\n"
            + OwnerIdKey + "=" + OwnerId + "\n"
            + GatewayIdKey + "=" + GatewayId + "\n"
            + KeyKey + "=" + Hex.Encode(Key, 0, Key.Length) + "\n"
            + GatewayHostKey + "=" + GatewayHost + "\n"
            + GatewayPortKey + "=" + GatewayPort.ToString() + "\n";
        if (WifiSsid.Length > 0)
        {
            text = text + WifiSsidKey + "=" + WifiSsid + "\n";
        }

        if (WifiPassword.Length > 0)
        {
            text = text + WifiPasswordKey + "=" + WifiPassword + "\n";
        }

        return text;
    }

    private static string Set(string? current, string name, string value)
    {
        if (current != null)
        {
            throw new FormatException("config key '" + name + "': given twice");
        }

        return value;
    }

    private static string Require(string? value, string name)
    {
        if (value == null)
        {
            throw new FormatException("config key '" + name + "': missing");
        }

        return value;
    }

    private static string RequireId(string? value, string name)
    {
        var id = Require(value, name).Trim();
        if (!IdRules.IsValidId(id))
        {
            throw new FormatException("config key '" + name + "': '" + id + "' must match [a-z0-9-]{1,32}");
        }

        return id;
    }

    private static int ParsePort(string text)
    {
        var port = 0;
        if (text.Length < 1 || text.Length > 5)
        {
            port = -1;
        }

        for (var i = 0; i < text.Length && port >= 0; i++)
        {
            var c = text[i];
            port = c >= '0' && c <= '9' ? (port * 10) + (c - '0') : -1;
        }

        if (port < 1 || port > 65535)
        {
            throw new FormatException("config key 'gatewayPort': must be 1..65535");
        }

        return port;
    }
}
