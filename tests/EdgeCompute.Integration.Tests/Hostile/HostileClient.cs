using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// One MQTT 5 client that publishes a stream of payloads at QoS 1 with a window of publishes in flight, and tallies the
/// broker's PUBACK reason code of each. It reconnects when the broker closes the connection, so a payload that makes
/// the broker hang up is still counted (under <see cref="Disconnected"/>) and the stream goes on.
/// </summary>
internal sealed class HostileClient : IDisposable
{
    private const int Window = 64;
    private readonly MqttClientOptions _options;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _connect = new(1, 1);

    public HostileClient(int port, string clientId, string user, string password)
    {
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(user, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
    }

    /// <summary>Gets the count of each PUBACK reason code.</summary>
    public ConcurrentDictionary<MqttClientPublishReasonCode, long> ReasonCodes { get; } = new();

    /// <summary>Gets how many publishes ended with the connection lost instead of a PUBACK.</summary>
    public long Disconnected => Interlocked.Read(ref _disconnected);

    private long _disconnected;

    public async Task<MqttClientConnectResult> ConnectAsync()
    {
        var result = await _client.ConnectAsync(_options, TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return result;
    }

    /// <summary>Publishes every payload; <paramref name="onResult"/> hears each one's reason code (from several threads).</summary>
    /// <returns>The elapsed time.</returns>
    public async Task<TimeSpan> PublishAllAsync(IEnumerable<HostilePayload> payloads, Action<HostilePayload, MqttClientPublishReasonCode>? onResult = null)
    {
        var stopwatch = Stopwatch.StartNew();
        using var window = new SemaphoreSlim(Window, Window);
        var pending = new List<Task>();
        foreach (var payload in payloads)
        {
            await window.WaitAsync(TestContext.Current.CancellationToken);
            pending.Add(PublishOneAsync(payload, window, onResult));
            if (pending.Count >= 4 * Window)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(pending);
        return stopwatch.Elapsed;
    }

    private async Task PublishOneAsync(HostilePayload payload, SemaphoreSlim window, Action<HostilePayload, MqttClientPublishReasonCode>? onResult)
    {
        try
        {
            await EnsureConnectedAsync();
            var message = new MqttApplicationMessageBuilder().WithTopic(payload.Topic).WithPayload(payload.Bytes)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            var result = await _client.PublishAsync(message, TestContext.Current.CancellationToken);
            ReasonCodes.AddOrUpdate(result.ReasonCode, 1, (_, v) => v + 1);
            onResult?.Invoke(payload, result.ReasonCode);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException or OperationCanceledException
            && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _disconnected);
        }
        finally
        {
            window.Release();
        }
    }

    private async Task EnsureConnectedAsync()
    {
        if (_client.IsConnected)
        {
            return;
        }

        await _connect.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_client.IsConnected)
            {
                await ConnectAsync();
            }
        }
        finally
        {
            _connect.Release();
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _connect.Dispose();
    }
}

/// <summary>One hostile publish: the topic, the bytes and what kind of mutation made them (for the printed tally).</summary>
internal sealed record HostilePayload(string Kind, string Topic, byte[] Bytes);
