using System.Net;
using System.Net.Sockets;

namespace EdgeCompute.Cli.Demo;

/// <summary>Port choice: the wanted port when it is free, else any free loopback port (noted for the user).</summary>
internal static class Ports
{
    public static int Pick(int wanted, string what, IList<string> notes)
    {
        if (wanted != 0 && IsFree(wanted))
        {
            return wanted;
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        if (wanted != 0)
        {
            notes.Add($"port {wanted} for the {what} is in use; using {port}");
        }

        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
