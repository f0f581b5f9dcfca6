using System.Net;
using System.Net.Sockets;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the central broker that counts every byte each way: what the gateway's uplink
/// puts on the wire (MQTT, and TLS records and handshakes when it speaks TLS) and what comes back. TLS runs end to end
/// through it, so the same relay measures the plain and the TLS uplink.
/// </summary>
internal sealed class ByteCountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accept;
    private long _upstream;
    private long _downstream;
    private long _connections;

    public ByteCountingRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Gets the bytes the gateway sent.</summary>
    public long Upstream => Interlocked.Read(ref _upstream);

    /// <summary>Gets the bytes the broker sent back.</summary>
    public long Downstream => Interlocked.Read(ref _downstream);

    /// <summary>Gets the TCP connections relayed.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept.ConfigureAwait(false);
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_pumps)
            {
                _pumps.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token).ConfigureAwait(false);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client, server, bytes => Interlocked.Add(ref _upstream, bytes), either.Token);
            var down = PumpAsync(server, client, bytes => Interlocked.Add(ref _downstream, bytes), either.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await either.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the broker is gone or the relay stops
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, Action<int> count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                count(n);
                var sent = 0;
                while (sent < n)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // one side closed
        }
    }
}
