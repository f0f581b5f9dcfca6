using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// A client that lies about packet sizes, written by hand (no MQTT library sends these): a fixed header announcing
/// hundreds of MB, then junk streamed as fast as the server takes it, with or without a login first. And the peak
/// resident memory of a process, read from <c>/proc</c>.
/// </summary>
internal static class OversizedPackets
{
    public const int Announced256MB = 268_435_455;

    /// <summary>The fixed header of a CONNECT announcing <paramref name="bodyLength"/> bytes.</summary>
    public static byte[] ConnectHeader(int bodyLength) => [0x10, .. Length(bodyLength)];

    /// <summary>The fixed header of a QoS 0 PUBLISH announcing <paramref name="bodyLength"/> bytes.</summary>
    public static byte[] PublishHeader(int bodyLength) => [0x30, .. Length(bodyLength)];

    /// <summary>An MQTT 3.1.1 CONNECT with a user name and password.</summary>
    public static byte[] Connect(string clientId, string user, string password)
    {
        static byte[] Text(string s) => [(byte)(Encoding.UTF8.GetByteCount(s) >> 8), (byte)Encoding.UTF8.GetByteCount(s), .. Encoding.UTF8.GetBytes(s)];
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0, 60, .. Text(clientId), .. Text(user), .. Text(password)];
        return [0x10, .. Length(body.Length), .. body];
    }

    /// <summary>
    /// Connects, logs in first when <paramref name="login"/> is given (the CONNACK must accept), sends
    /// <paramref name="header"/> and streams up to <paramref name="junkBytes"/>; returns how much went out and whether the
    /// server closed the connection.
    /// </summary>
    public static async Task<(long Streamed, bool Closed)> SendAsync(int port, byte[] header, long junkBytes, byte[]? login, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
        if (login is not null)
        {
            await socket.SendAsync(login, SocketFlags.None, cancellationToken);
            var connack = new byte[4];
            var read = await socket.ReceiveAsync(connack, SocketFlags.None, cancellationToken);
            Assert.True(read == 4 && connack[0] == 0x20 && connack[3] == 0, $"the login was not accepted: {Convert.ToHexString(connack.AsSpan(0, read))}");
        }

        await socket.SendAsync(header, SocketFlags.None, cancellationToken);
        var chunk = new byte[64 * 1024];
        Random.Shared.NextBytes(chunk);
        var streamed = 0L;
        try
        {
            while (streamed < junkBytes)
            {
                streamed += await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, junkBytes - streamed)), SocketFlags.None, cancellationToken);
            }
        }
        catch (SocketException)
        {
            return (streamed, true); // reset by the server
        }

        return (streamed, await ClosedAsync(socket, TimeSpan.FromSeconds(30), cancellationToken));
    }

    /// <summary>Whether the server closes a connection that never sends a CONNECT, within <paramref name="patience"/>.</summary>
    public static async Task<bool> SilentConnectionClosedAsync(int port, TimeSpan patience, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
        return await ClosedAsync(socket, patience, cancellationToken);
    }

    /// <summary>The process's peak resident set (<c>VmHWM</c>), in bytes.</summary>
    public static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task<bool> ClosedAsync(Socket socket, TimeSpan patience, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(patience);
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) > 0)
            {
            }

            return true;
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

    private static byte[] Length(int length)
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
}
