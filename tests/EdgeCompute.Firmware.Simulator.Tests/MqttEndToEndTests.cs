using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeCompute.Firmware.Simulator.Devices;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Firmware.Simulator.Tests;

/// <summary>Virtual devices over a real in-process MQTTnet broker that checks credentials and records every publish.</summary>
public sealed class MqttEndToEndTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string ClientId, string Topic, byte[] Payload, bool Retain)> _received = new();
    private readonly ConcurrentDictionary<string, string> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _acknowledged = new(StringComparer.Ordinal);
    private MqttServer _server = null!;
    private int _port;

    public async ValueTask InitializeAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(_port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += e =>
        {
            if (e.UserName != e.ClientId || !_credentials.TryGetValue(e.ClientId, out var expected) || !DeviceCredential.Verify(e.Password, expected))
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }

            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += e =>
        {
            var message = e.ApplicationMessage;
            _received.Enqueue((e.ClientId, message.Topic, System.Buffers.BuffersExtensions.ToArray(message.Payload), message.Retain));
            return Task.CompletedTask;
        };
        _server.ClientAcknowledgedPublishPacketAsync += e =>
        {
            if (_acknowledged.TryGetValue(e.ClientId, out var done))
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }

    [Fact]
    public async Task Devices_publish_births_states_and_telemetry_whose_readings_sum_to_the_simulator_count()
    {
        var seed = TestSeed.Pick(701);
        const int devices = 20;
        var (fleet, clock, identities) = NewFleet(devices, seed);
        await using var _ = fleet;
        var ct = TestContext.Current.CancellationToken;

        await fleet.StartAsync(ct);
        await fleet.AdvanceAsync(TimeSpan.FromMinutes(3), clock.Advance, ct);

        var report = fleet.GetReport();
        var received = _received.ToArray();
        long readings = 0;
        foreach (var identity in identities)
        {
            var mine = received.Where(r => r.ClientId == identity.DeviceId).ToArray();
            Assert.Equal(ProtocolTopics.Device(identity.DeviceId, DeviceTopicKind.Birth), mine[0].Topic);
            Assert.True(mine[0].Retain);
            Assert.Equal((ProtocolTopics.Device(identity.DeviceId, DeviceTopicKind.State), "online"), (mine[1].Topic, System.Text.Encoding.ASCII.GetString(mine[1].Payload)));
            var birth = DeviceFrameCodec.Decode(mine[0].Payload).Value;
            Assert.Equal((1u, 0u, FrameType.Birth), (birth.Boot, birth.Seq, birth.Type));
            Assert.True(DeviceFrameMac.Verify(birth, identity.Key));

            var telemetry = mine.Where(r => r.Topic == ProtocolTopics.Device(identity.DeviceId, DeviceTopicKind.Tel))
                .Select(r => DeviceFrameCodec.Decode(r.Payload).Value)
                .ToArray();
            Assert.Equal([1u, 2u, 3u], telemetry.Select(f => f.Seq));
            Assert.All(telemetry, f => Assert.True(DeviceFrameMac.Verify(f, identity.Key)));
            readings += telemetry.Sum(f => TelemetryReadings.Count(f.Type, f.Body).Value);
        }

        Assert.Equal(report.Totals.ReadingsPublished, readings);
        Assert.Equal(devices * 3 * 179, readings);                                   // slots 1..179 s, three channels
        Assert.Equal(report.Totals.ReadingsProduced - (devices * 3), readings);      // the 3:00 slot opened the next window
        Assert.Equal(devices, report.Totals.ConnectAttempts);
        Assert.Equal(devices * 3, report.Totals.TelemetryFramesPublished);
    }

    [Fact]
    public async Task Task_published_to_a_device_topic_produces_a_result_frame()
    {
        var seed = TestSeed.Pick(702);
        var (fleet, clock, identities) = NewFleet(2, seed);
        await using var _ = fleet;
        var ct = TestContext.Current.CancellationToken;
        await fleet.StartAsync(ct);
        var target = identities[1];
        var assignment = Fleets.PiTask(target.DeviceId, "job-9-t1", 7, 5000);
        var acknowledged = _acknowledged.GetOrAdd(target.DeviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        await _server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
                .WithTopic(ProtocolTopics.Device(target.DeviceId, DeviceTopicKind.Task))
                .WithPayload(assignment)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build())
            { SenderClientId = "gw-01" },
            ct);
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(1), clock.Advance, ct);

        var results = _received.Where(r => r.Topic == ProtocolTopics.Device(target.DeviceId, DeviceTopicKind.Res)).ToArray();
        var frame = DeviceFrameCodec.Decode(Assert.Single(results).Payload).Value;
        Assert.True(DeviceFrameMac.Verify(frame, target.Key, assignment));
        var result = TaskResultCodec.Decode(frame.Body).Value;
        Assert.Equal(("job-9-t1", TaskResultStatus.Ok), (result.TaskId, result.Status));
        Assert.Equal(5000ul, Assert.IsType<MonteCarloPiOutput>(result.Output).Samples);
        Assert.Equal((1L, 1L), (fleet.Device(target.DeviceId).GetReport().Counts.TasksReceived, fleet.GetReport().Totals.ResultsSent));
    }

    [Fact]
    public async Task Device_with_a_wrong_key_is_refused_and_keeps_retrying()
    {
        var seed = TestSeed.Pick(703);
        var (fleet, _, identities) = NewFleet(1, seed);
        _credentials[identities[0].DeviceId] = new string('0', 64);
        await using var _ = fleet;

        await fleet.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(fleet.Devices[0].Link.IsConnected);
        Assert.DoesNotContain(_received, r => r.ClientId == identities[0].DeviceId);
        Assert.Equal(1, fleet.GetReport().Totals.ConnectAttempts);
    }

    private (FleetSimulator Fleet, FakeTimeProvider Clock, SimulatedDeviceIdentity[] Identities) NewFleet(int count, int seed)
    {
        var identities = Fleets.Identities(count, seed)
            .Select(i => i with { Host = "127.0.0.1", Port = _port })
            .ToArray();
        foreach (var identity in identities)
        {
            _credentials[identity.DeviceId] = DeviceCredential.Derive(identity.Key);
        }

        var clock = new FakeTimeProvider(Fleets.Start);
        return (new FleetSimulator(identities, Fleets.Options(seed), null, clock), clock, identities);
    }
}
