using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>
/// The TCP listener of an embedded MQTTnet server, in place of MQTTnet's own: it reads every connection through a
/// <see cref="PacketSizeGuardStream"/>, so a packet whose fixed header announces more than the limit closes the connection
/// before MQTTnet sees its length — MQTTnet 5.2 sizes a buffer after the announced remaining length as soon as it has
/// read it (<c>MqttChannelAdapter.ReceiveAsync</c>: <c>new byte[bodyLength]</c>) and has no option to cap it. It binds
/// exactly the configured address (MQTTnet's own also listens on every IPv6 address unless told otherwise; here
/// <c>::</c> means every address, IPv4 included). With a <see cref="TlsServerHandshake"/> it listens with TLS only: each
/// connection is authenticated first (a plain client, a client that refuses the certificate or stalls is refused,
/// counted through <see cref="TlsRefused"/> and logged), and the guard reads the decrypted bytes.
/// </summary>
/// <remarks>
/// Use it with <c>new MqttServerFactory().CreateMqttServer(options, [adapter])</c> and set the options'
/// <c>DefaultCommunicationTimeout</c> to <see cref="BrokerGuardOptions.ConnectTimeout"/>: MQTTnet waits that long for the
/// whole CONNECT. Refusals are counted (<see cref="Refused"/>) and logged at most once a minute with the count since.
/// </remarks>
public sealed class GuardedTcpServerAdapter : IMqttServerAdapter
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly IPEndPoint _endpoint;
    private readonly BrokerGuardOptions _guard;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<GuardRefusal, long> _refused = new();
    private readonly Lock _logLock = new();
    private Socket? _listener;
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _serverOptions;
    private IMqttNetLogger _mqttLogger = MqttNetNullLogger.Instance;
    private DateTimeOffset _lastLog = DateTimeOffset.MinValue;
    private long _refusedSinceLog;
    private readonly TlsServerHandshake? _tls;
    private readonly Dictionary<TlsRefusalReason, (DateTimeOffset LastLog, long Since)> _tlsLog = [];

    /// <summary>Creates the listener (not started).</summary>
    /// <param name="endpoint">The address and port to listen on (port 0 picks a free one: <see cref="LocalEndPoint"/>).</param>
    /// <param name="guard">The limits.</param>
    /// <param name="logger">Where refusals are said.</param>
    /// <param name="time">The clock of the log's rate limit.</param>
    /// <param name="tls">The TLS server side; null for plain MQTT.</param>
    public GuardedTcpServerAdapter(IPEndPoint endpoint, BrokerGuardOptions guard, ILogger? logger = null, TimeProvider? time = null, TlsServerHandshake? tls = null)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _tls = tls;
    }

    /// <summary>Gets whether the listener speaks TLS.</summary>
    public bool UsesTls => _tls is not null;

    /// <summary>Raised (on the connection's thread) for every connection refused in TLS; must be quick and must not throw.</summary>
    public event Action<TlsRefusal>? TlsRefused;

    /// <inheritdoc/>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>Raised (on the connection's thread) each time the guard closes a connection; must be quick and must not throw.</summary>
    public event Action<GuardRefusal>? ConnectionRefused;

    /// <summary>Gets where the listener listens (after start).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Gets how many connections were closed for one reason.</summary>
    /// <param name="refusal">The reason.</param>
    /// <returns>The count.</returns>
    public long Refused(GuardRefusal refusal) => _refused.GetValueOrDefault(refusal);

    /// <inheritdoc/>
    /// <exception cref="SocketException">The address cannot be bound (a port in use).</exception>
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_listener is not null)
        {
            throw new InvalidOperationException("the listener is already started");
        }

        _serverOptions = options;
        _mqttLogger = logger ?? MqttNetNullLogger.Instance;
        var listener = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.DualMode = _endpoint.Address.Equals(IPAddress.IPv6Any); // "::" is every address, IPv4 too; any other exactly itself
            }

            listener.Bind(_endpoint);
            listener.Listen(options.DefaultEndpointOptions.ConnectionBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _stop = new CancellationTokenSource();
        _ = Task.Run(() => AcceptAsync(listener, _stop.Token));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync()
    {
        Cleanup();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => Cleanup();

    private void Cleanup()
    {
        _stop?.Cancel();
        _stop?.Dispose();
        _stop = null;
        _listener?.Dispose();
        _listener = null;
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogWarning("Accepting a connection on {Endpoint} failed: {Reason}", _endpoint, e.Message);
                continue;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var remote = client.RemoteEndPoint;
        try
        {
            client.NoDelay = true;
            var options = _serverOptions!;
            Stream transport = new NetworkStream(client, ownsSocket: true);
            X509Certificate2? clientCertificate = null;
            if (_tls is not null)
            {
                var handshake = await _tls.AuthenticateAsync(transport, remote).ConfigureAwait(false);
                if (handshake.Refusal is { } refusal)
                {
                    OnTlsRefused(refusal);
                    return;
                }

                transport = handshake.Stream!;
                clientCertificate = handshake.ClientCertificate;
            }

            await using var stream = new PacketSizeGuardStream(
                transport,
                new MqttFrameScanner(_guard.MaxPacketBytes, _guard.MaxConnectPacketBytes),
                scanner => OnRefused(scanner, remote));
            var channel = new MqttTcpChannel(stream, client.LocalEndPoint, remote, clientCertificate);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger);
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the peer went away, or the guard closed it
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Serving the MQTT connection from {Remote} failed", remote);
        }
        finally
        {
            client.Dispose();
        }
    }

    private void OnTlsRefused(TlsRefusal refusal)
    {
        TlsRefused?.Invoke(refusal);
        long since;
        lock (_tlsLog)
        {
            var now = _time.GetUtcNow();
            var (last, count) = _tlsLog.GetValueOrDefault(refusal.Reason, (DateTimeOffset.MinValue, 0));
            count++;
            if (now - last < LogEvery)
            {
                _tlsLog[refusal.Reason] = (last, count);
                return;
            }

            _tlsLog[refusal.Reason] = (now, 0);
            since = count;
        }

        _logger.LogWarning("Refused a TLS connection: {Refusal} ({Count} refused for this reason since it was last said; said at most once a minute)", refusal.Message, since);
    }

    private void OnRefused(MqttFrameScanner scanner, EndPoint? remote)
    {
        var refusal = scanner.RefusedFirst ? GuardRefusal.ConnectTooLarge : GuardRefusal.PacketTooLarge;
        _refused.AddOrUpdate(refusal, 1, (_, n) => n + 1);
        ConnectionRefused?.Invoke(refusal);
        long since;
        lock (_logLock)
        {
            _refusedSinceLog++;
            var now = _time.GetUtcNow();
            if (now - _lastLog < LogEvery)
            {
                return;
            }

            _lastLog = now;
            since = _refusedSinceLog;
            _refusedSinceLog = 0;
        }

        _logger.LogWarning(
            "Closed the connection from {Remote}: its {Packet} announced at least {Bytes} bytes, over the limit of {Limit}; read no further ({Count} such connection(s) closed since this was last said, said at most once a minute)",
            remote, scanner.RefusedFirst ? "CONNECT" : "packet", scanner.RefusedBytes, scanner.RefusedFirst ? _guard.MaxConnectPacketBytes : _guard.MaxPacketBytes, since);
    }
}
