using System.Net;
using System.Net.Sockets;
using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>
/// The TLS listener of the device broker, in place of MQTTnet's own encrypted endpoint: every accepted connection goes
/// through <see cref="TlsServerHandshake"/> first, so a plain client on the TLS port, a client that refuses the
/// gateway's certificate or one that stalls the handshake is refused, counted (<see cref="Refused"/>) and logged with
/// its cause — MQTTnet's own listener only logs such failures as errors of its own.
/// </summary>
/// <remarks>
/// Use with <c>new MqttServerFactory().CreateMqttServer(options, [adapter])</c>; the options' default endpoint is not
/// used. Refusals are logged at most once a minute per reason, with the count since; the count itself is exact.
/// </remarks>
public sealed class TlsServerAdapter : IMqttServerAdapter
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly IPEndPoint _endpoint;
    private readonly TlsServerHandshake _handshake;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<TlsRefusalReason, (DateTimeOffset LastLog, long Since)> _logState = [];
    private Socket? _listener;
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _serverOptions;
    private IMqttNetLogger _mqttLogger = MqttNetNullLogger.Instance;

    /// <summary>Creates the listener (not started).</summary>
    /// <param name="endpoint">The address and port (port 0 picks a free one: <see cref="LocalEndPoint"/>).</param>
    /// <param name="handshake">The TLS server side.</param>
    /// <param name="logger">Where refusals are said.</param>
    /// <param name="time">The clock of the log's rate limit.</param>
    public TlsServerAdapter(IPEndPoint endpoint, TlsServerHandshake handshake, ILogger? logger = null, TimeProvider? time = null)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _handshake = handshake ?? throw new ArgumentNullException(nameof(handshake));
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>Raised (on the connection's task) for every refused connection; must be quick and must not throw.</summary>
    public event Action<TlsRefusal>? Refused;

    /// <summary>Gets where the listener listens (after start).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

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
                listener.DualMode = _endpoint.Address.Equals(IPAddress.IPv6Any);
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

            _ = Task.Run(() => ServeAsync(client, stop), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        var remote = client.RemoteEndPoint;
        try
        {
            client.NoDelay = true;
            var handshake = await _handshake.AuthenticateAsync(new NetworkStream(client, ownsSocket: true), remote, stop).ConfigureAwait(false);
            if (handshake.Refusal is { } refusal)
            {
                OnRefused(refusal);
                return;
            }

            var options = _serverOptions!;
            await using var stream = handshake.Stream!;
            var channel = new MqttTcpChannel(stream, client.LocalEndPoint, remote, handshake.ClientCertificate);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger);
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the peer went away, or the server is stopping
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Serving the TLS connection from {Remote} failed", remote);
        }
        finally
        {
            client.Dispose();
        }
    }

    private void OnRefused(TlsRefusal refusal)
    {
        Refused?.Invoke(refusal);
        long since;
        lock (_logState)
        {
            var now = _time.GetUtcNow();
            var (last, count) = _logState.GetValueOrDefault(refusal.Reason, (DateTimeOffset.MinValue, 0));
            count++;
            if (now - last < LogEvery)
            {
                _logState[refusal.Reason] = (last, count);
                return;
            }

            _logState[refusal.Reason] = (now, 0);
            since = count;
        }

        _logger.LogWarning("Refused a TLS connection: {Refusal} ({Count} refused for this reason since it was last said; said at most once a minute)", refusal.Message, since);
    }
}
