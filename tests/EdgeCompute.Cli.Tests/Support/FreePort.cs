using System.Net;
using System.Net.Sockets;

namespace EdgeCompute.Cli.Tests.Support;

/// <summary>A loopback TCP port free at the time of the call.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
