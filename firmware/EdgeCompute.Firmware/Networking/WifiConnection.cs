using System.Device.Wifi;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Networking;

namespace EdgeCompute.Firmware.Networking;

/// <summary>Joins the configured Wi-Fi network with DHCP and waits until the clock has been set by SNTP.</summary>
public static class WifiConnection
{
    /// <summary>Tries once, for at most <paramref name="timeoutMs"/>; the caller retries.</summary>
    /// <param name="ssid">The network name from the device configuration.</param>
    /// <param name="password">The password from the device configuration.</param>
    /// <param name="timeoutMs">How long to wait for an address and a valid date and time.</param>
    /// <returns>Whether the board has an address and the time.</returns>
    public static bool TryConnect(string ssid, string password, int timeoutMs)
    {
        // CancellationTokenSource(int millisecondsDelay) is nanoFramework.System.Threading's, not mscorlib's:
        // nanoframework/System.Threading nanoFramework.System.Threading/Threading/CancellationTokenSource.cs.
        using (var cts = new CancellationTokenSource(timeoutMs))
        {
            // WifiNetworkHelper.ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind,
            // bool requiresDateTime, int wifiAdapterId, CancellationToken token) returns bool; on false, Status and
            // HelperException say why. Checked against nanoframework/System.Device.Wifi
            // System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs. requiresDateTime waits for SNTP.
            var connected = WifiNetworkHelper.ConnectDhcp(
                ssid,
                password,
                WifiReconnectionKind.Automatic,
                requiresDateTime: true,
                token: cts.Token);
            if (!connected)
            {
                var cause = WifiNetworkHelper.HelperException;
                Debug.WriteLine("[wifi] not connected: status " + ((int)WifiNetworkHelper.Status).ToString()
                    + (cause == null ? string.Empty : ", " + cause.Message));
            }

            return connected;
        }
    }
}
