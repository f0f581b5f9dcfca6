using System.Net.Sockets;
using System.Text;

namespace EdgeCompute.Protocol.Mqtt.Tests.Guard;

/// <summary>MQTT 3.1.1 packets written by hand, for a client that lies about sizes (no MQTT library would send these).</summary>
internal static class RawMqtt
{
    public static byte[] Connect(string clientId, string? user = null, string? password = null)
    {
        var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4 };
        body.Add((byte)(0x02 | (user is null ? 0 : 0x80) | (password is null ? 0 : 0x40)));
        body.AddRange([0, 60]);
        Text(body, clientId);
        if (user is not null)
        {
            Text(body, user);
        }

        if (password is not null)
        {
            Text(body, password);
        }

        return [0x10, .. Length(body.Count), .. body];
    }

    /// <summary>The fixed header of a QoS 0 PUBLISH announcing <paramref name="bodyLength"/> bytes.</summary>
    public static byte[] PublishHeader(int bodyLength) => [0x30, .. Length(bodyLength)];

    /// <summary>The fixed header of a CONNECT announcing <paramref name="bodyLength"/> bytes.</summary>
    public static byte[] ConnectHeader(int bodyLength) => [0x10, .. Length(bodyLength)];

    public static byte[] Length(int length)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            bytes.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);

        return [.. bytes];
    }

    /// <summary>Writes junk after a header until <paramref name="bytes"/> are out or the server closes; returns how many went.</summary>
    public static async Task<long> StreamJunkAsync(Socket socket, long bytes, CancellationToken cancellationToken)
    {
        var chunk = new byte[64 * 1024];
        var sent = 0L;
        try
        {
            while (sent < bytes)
            {
                sent += await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)), SocketFlags.None, cancellationToken);
            }
        }
        catch (SocketException)
        {
            // the server closed the connection
        }

        return sent;
    }

    /// <summary>Whether the server closed the connection: a read returns 0 or fails, within <paramref name="patience"/>.</summary>
    public static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan patience, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(patience);
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void Text(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
        body.AddRange(bytes);
    }
}
