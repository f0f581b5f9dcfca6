using System.Net;
using System.Net.Sockets;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>A 127.0.0.1 TCP port free at the time of the call.</summary>
internal static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
