using System.Diagnostics;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// One MQTTnet client per device, connected to the device broker on 127.0.0.1 with the device's id and its
/// <see cref="DeviceCredential"/>, publishing pre-built QoS 1 messages with at most <c>inFlight</c> unacknowledged
/// publishes per client. Counts PUBACKs with reason Success; anything else (or a dropped connection) is a failure.
/// </summary>
internal sealed class DeviceFleetLoad : IFleetLoad
{
    private readonly IMqttClient[] _clients;
    private readonly MqttApplicationMessage[][] _messages;
    private readonly bool _noSubscribersIsAck;

    private DeviceFleetLoad(IMqttClient[] clients, MqttApplicationMessage[][] messages, bool noSubscribersIsAck)
    {
        _clients = clients;
        _messages = messages;
        _noSubscribersIsAck = noSubscribersIsAck;
    }

    /// <summary>Connects every device; <paramref name="noSubscribersIsAck"/> counts PUBACK NoMatchingSubscribers (a plain broker's success) as acknowledged.</summary>
    public static async Task<DeviceFleetLoad> ConnectAsync(int port, IReadOnlyList<DeviceFile> devices, MqttApplicationMessage[][] messages, CancellationToken cancellationToken,
        bool noSubscribersIsAck = false)
    {
        var clients = new IMqttClient[devices.Count];
        var factory = new MqttClientFactory();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(devices.Select(async (device, d) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var client = factory.CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithClientId(device.DeviceId)
                    .WithCredentials(device.DeviceId, DeviceCredential.Derive(device.GetKey()))
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithCleanStart(true)
                    .WithTimeout(TimeSpan.FromSeconds(30))
                    .WithoutPacketFragmentation() // one write per packet, as a device's MQTT stack sends it
                    .Build();
                var result = await client.ConnectAsync(options, cancellationToken);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new HarnessFailure($"{device.DeviceId} could not connect: {result.ResultCode}");
                }

                clients[d] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        return new DeviceFleetLoad(clients, messages, noSubscribersIsAck);
    }

    /// <summary>Every client publishes its messages <c>[first, first + count)</c>; latencies (publish to PUBACK) go to <paramref name="latencyTicks"/> when given.</summary>
    public async Task<LoadCounts> RunAsync(int first, int count, int inFlight, long[]? latencyTicks, CancellationToken cancellationToken)
    {
        var counts = new LoadCounts();
        await Task.WhenAll(_clients.Select((client, d) => RunClientAsync(client, d, first, count, inFlight, latencyTicks, counts, cancellationToken)));
        return counts;
    }

    /// <summary>One publish of one device's message; true when the PUBACK says Success.</summary>
    public async Task<bool> PublishOneAsync(int device, int index, CancellationToken cancellationToken)
    {
        var result = await _clients[device].PublishAsync(_messages[device][index], cancellationToken);
        return result.ReasonCode == MqttClientPublishReasonCode.Success;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Where(c => c is not null))
        {
            try
            {
                if (client.IsConnected)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(cancellationToken: timeout.Token);
                }
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // the broker may already be gone
            }

            client.Dispose();
        }
    }

    private async Task RunClientAsync(IMqttClient client, int device, int first, int count, int inFlight, long[]? latencyTicks, LoadCounts counts, CancellationToken cancellationToken)
    {
        var next = -1;
        var messages = _messages[device];
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var result = await client.PublishAsync(messages[first + i], cancellationToken);
                    if (result.ReasonCode == MqttClientPublishReasonCode.Success
                        || (_noSubscribersIsAck && result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers))
                    {
                        Interlocked.Increment(ref counts.Acked);
                    }
                    else
                    {
                        counts.Fail($"{client.Options.ClientId}: PUBACK {result.ReasonCode}");
                    }
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
                {
                    counts.Fail($"{client.Options.ClientId}: {e.GetType().Name} {e.Message}");
                    return;
                }

                if (latencyTicks is not null)
                {
                    latencyTicks[(device * count) + i] = Stopwatch.GetTimestamp() - start;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => WorkerAsync()));
    }
}

/// <summary>What a load run got back.</summary>
internal sealed class LoadCounts
{
    public long Acked;
    public long Failed;

    /// <summary>Gets or sets the load generator's own CPU time over the run when it ran in a process of its own; null when it shared the harness's.</summary>
    public TimeSpan? GeneratorCpu { get; set; }

    /// <summary>Sets the first failure as another process reported it.</summary>
    public void Reported(long failed, string? first)
    {
        Failed = failed;
        FirstFailure = first;
    }

    public string? FirstFailure { get; private set; }

    public void Fail(string why)
    {
        if (Interlocked.Increment(ref Failed) == 1)
        {
            FirstFailure = why;
        }
    }
}
