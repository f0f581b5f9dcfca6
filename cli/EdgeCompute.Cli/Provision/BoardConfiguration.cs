using System.Globalization;
using System.Text;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Firmware.Core.Provisioning;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Provision;

/// <summary>
/// A real board's configuration in the firmware core's <c>key=value</c> format (<see cref="DeviceConfig"/>): the device file's
/// ids and key, the gateway address the board reaches over the LAN, and the Wi-Fi credentials.
/// </summary>
internal static class BoardConfiguration
{
    /// <summary>The most characters of a Wi-Fi network name (and of the firmware's <c>wifiSsid</c>).</summary>
    public const int MaxSsidLength = 32;

    /// <summary>The most characters of a Wi-Fi password (63 for a passphrase, 64 for a hex key).</summary>
    public const int MaxPasswordLength = 64;

    /// <summary>Builds the text and checks it with the firmware's own parser.</summary>
    /// <param name="device">The device file.</param>
    /// <param name="gatewayHost">The gateway's host as the board reaches it.</param>
    /// <param name="gatewayPort">The gateway's device broker port.</param>
    /// <param name="ssid">The Wi-Fi network name.</param>
    /// <param name="password">The Wi-Fi password.</param>
    /// <param name="passwordSource">Where the password came from, for the error message.</param>
    /// <returns>The configuration text.</returns>
    /// <exception cref="CommandFailedException">The network name or password does not fit the firmware's limits (exit 2).</exception>
    public static string Build(DeviceFile device, string gatewayHost, int gatewayPort, string ssid, string password, string passwordSource)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!IsPrintableAscii(ssid, MaxSsidLength))
        {
            throw CommandFailedException.Usage($"--wifi-ssid: \"{ssid}\" must be 1 to {MaxSsidLength} printable ASCII characters");
        }

        if (!IsPrintableAscii(password, MaxPasswordLength))
        {
            throw CommandFailedException.Usage($"the Wi-Fi password from {passwordSource} must be 1 to {MaxPasswordLength} printable ASCII characters");
        }

        var text = new StringBuilder()
            .Append("# EdgeCompute device configuration of ").Append(device.DeviceId).Append(", written by 'edgecompute provision device'.\n")
            .Append("# It holds the device key and the Wi-Fi password: copy it to the board, then delete this copy.\n")
            .Append(DeviceConfig.DeviceIdKey).Append('=').Append(device.DeviceId).Append('\n')
            .Append(DeviceConfig.OwnerIdKey).Append('=').Append(device.OwnerId).Append('\n')
            .Append(DeviceConfig.GatewayIdKey).Append('=').Append(device.GatewayId).Append('\n')
            .Append(DeviceConfig.KeyKey).Append('=').Append(device.KeyHex).Append('\n')
            .Append(DeviceConfig.GatewayHostKey).Append('=').Append(gatewayHost).Append('\n')
            .Append(DeviceConfig.GatewayPortKey).Append('=').Append(gatewayPort.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(DeviceConfig.WifiSsidKey).Append('=').Append(ssid).Append('\n')
            .Append(DeviceConfig.WifiPasswordKey).Append('=').Append(password).Append('\n')
            .ToString();
        try
        {
            DeviceConfig.Parse(text); // the board must accept what we write
        }
        catch (FormatException e)
        {
            throw CommandFailedException.Failure($"the configuration of {device.DeviceId} would not load on the board: {e.Message}");
        }

        return text;
    }

    private static bool IsPrintableAscii(string text, int maxLength) =>
        text.Length >= 1 && text.Length <= maxLength && text.All(c => c is >= ' ' and <= '~');
}
