using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>The session with the central broker: connect (TLS, will, birth, subscriptions), a half set-up session dropped.</summary>
public sealed partial class UplinkClient
{
    private async Task<bool> ConnectAsync(CancellationToken stop)
    {
        Volatile.Write(ref _sessionReady, false);
        if (_client.IsConnected)
        {
            // A session left half set up (a subscription or the birth timed out) would never receive acks: start it again.
            await DisconnectHalfSessionAsync().ConfigureAwait(false);
        }

        Events.Increment(UplinkEvent.ConnectAttempt);
        var id = _gateway.GatewayId;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, _broker.Port)
            .WithClientId(id)
            .WithCredentials(_gateway.BrokerUsername, _gateway.BrokerPassword)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(_options.Uplink.KeepAlive)
            .WithTimeout(_options.Uplink.OperationTimeout)
            .WithWillTopic(ProtocolTopics.Gateway(id, GatewayTopicKind.State))
            .WithWillPayload(StatePayload.Encode(ConnectionState.Offline))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_tls is not null)
        {
            _tls.Check.Reset();
            builder = _tls.Apply(builder);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.Uplink.OperationTimeout);
            var result = await _client.ConnectAsync(builder.Build(), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Events.Increment(UplinkEvent.ConnectFailed);
                _lastConnectFailure = $"refused: {result.ResultCode}";
                _logger.LogWarning("Central broker refused the connection: {Code}", result.ResultCode);
                return false;
            }

            var subscribed = await _client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(ProtocolTopics.Gateway(id, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(ProtocolTopics.Gateway(id, GatewayTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(),
                timeout.Token).ConfigureAwait(false);
            if (subscribed.Items.FirstOrDefault(i => i.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1)) is { } refused)
            {
                // Without the ack subscription every batch would be sent and never acknowledged: try the session again later.
                Events.Increment(UplinkEvent.ConnectFailed);
                _logger.LogWarning("Central broker refused the subscription to {Filter}: {Code} (the gateway user needs read access to its ack and task topics)", refused.TopicFilter.Topic, refused.ResultCode);
                return false;
            }

            await PublishAsync(ProtocolTopics.Gateway(id, GatewayTopicKind.Birth), GatewayBirthCodec.Encode(Birth()), true, timeout.Token).ConfigureAwait(false);
            await PublishAsync(ProtocolTopics.Gateway(id, GatewayTopicKind.State), StatePayload.Encode(ConnectionState.Online), true, timeout.Token).ConfigureAwait(false);
            _backoff.Reset();
            Volatile.Write(ref _sessionReady, true);
            _tls?.Connected();
            Events.Increment(UplinkEvent.Connected);
            _logger.LogInformation("Connected to the central broker {Host}:{Port} as {GatewayId}", _broker.Host, _broker.Port, id);
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException && !stop.IsCancellationRequested)
        {
            Events.Increment(UplinkEvent.ConnectFailed);
            if (_tls?.Describe(e) is { } refusal)
            {
                Events.Increment(UplinkEvent.TlsRefused);
                _tls.Report(refusal, _logger);
                _lastConnectFailure = refusal.Message;
            }
            else
            {
                _lastConnectFailure = e is OperationCanceledException ? "no answer within Uplink:OperationTimeout" : Innermost(e).Message;
            }

            _logger.LogDebug(e, "Connecting to the central broker failed");
            return false;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private async Task DisconnectHalfSessionAsync()
    {
        using var timeout = new CancellationTokenSource(_options.Uplink.OperationTimeout);
        try
        {
            await _client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            _logger.LogDebug(e, "Dropping a half set-up central broker session was not clean");
        }
    }

    private GatewayBirth Birth() => new(
        _gateway.GatewayId,
        _outbox.Boot,
        _time.GetUtcNow().ToUnixTimeMilliseconds(),
        _resources.Cores,
        _resources.MemoryBytes,
        WasmSupport: true,
        _devices,
        _options.Geohash,
        Kernels: GatewayKernels.Of(_options, _gateway));
}
