using System.Net;
using System.Net.Sockets;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>A loopback TCP port free at the time of the call.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port below the ephemeral range (Linux: 32768 up). For a server that is stopped while a client keeps
    /// connecting to it on loopback: with the port free and inside the ephemeral range, the kernel eventually gives a
    /// connecting socket that very port as its own and the connection succeeds to itself (TCP simultaneous open).
    /// </summary>
    public static int BelowEphemeralRange()
    {
        for (var port = 20_000 + Random.Shared.Next(10_000); ; port = 20_000 + Random.Shared.Next(10_000))
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
    }
}
