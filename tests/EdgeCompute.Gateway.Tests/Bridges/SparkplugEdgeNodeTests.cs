using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Tests.Crash;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using Google.Protobuf;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>
/// The gateway service PROCESS as a Sparkplug B edge node on the test command's Mosquitto, its payloads decoded by
/// Eclipse Tahu's own JavaScript (<c>sparkplug-payload</c>): names, values, timestamps and sequence numbers match what
/// the simulated devices sent; DBIRTH comes before DDATA, aliases agree with the births, <c>seq</c> runs in order, a
/// rebirth NCMD is obeyed and any other command refused; after SIGKILL the broker sends the NDEATH will whose
/// <c>bdSeq</c> is the last NBIRTH's.
/// </summary>
public sealed class SparkplugEdgeNodeTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Publishes_births_data_and_deaths_that_tahu_decodes_to_what_the_devices_sent()
    {
        TahuDecoder.ToolFolder();
        using var broker = BridgeBroker.FromEnvironment();
        var group = BridgeBroker.UniquePrefix("sp");
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 2));
        var gateway = fleet.Gateways[0];
        var folder = Directory.CreateTempSubdirectory("ec-gw-sparkplug-").FullName;
        var gatewayFile = Path.Combine(folder, "gateway.json");
        FleetFiles.WriteGateway(gateway, gatewayFile);
        var devicePort = FreePort.Next();
        await using var fixture = new CoordinatorIngestFixture(fleet.Coordinator, gateway);
        await fixture.StartAsync();
        await using var recorder = await MqttRecorder.StartAsync(broker, $"spBv1.0/{group}/#");
        var environment = new Dictionary<string, string>
        {
            ["EDGECOMPUTE_GatewayOptions__GatewayFile"] = gatewayFile,
            ["EDGECOMPUTE_GatewayOptions__DataFolder"] = Path.Combine(folder, "data"),
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__BindAddress"] = "127.0.0.1",
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__Port"] = devicePort.ToString(CultureInfo.InvariantCulture),
            ["EDGECOMPUTE_GatewayOptions__Uplink__BrokerUrl"] = fixture.Url,
            ["EDGECOMPUTE_SparkplugOptions__Enabled"] = "true",
            ["EDGECOMPUTE_SparkplugOptions__GroupId"] = group,
            ["EDGECOMPUTE_SparkplugOptions__Broker__Host"] = broker.Host,
            ["EDGECOMPUTE_SparkplugOptions__Broker__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGECOMPUTE_SparkplugOptions__Broker__UserName"] = broker.User,
            ["EDGECOMPUTE_SparkplugOptions__Broker__PasswordFile"] = broker.PasswordFile,
            ["EDGECOMPUTE_Logging__LogLevel__Default"] = "Information",
            ["EDGECOMPUTE_Logging__LogLevel__MQTTnet"] = "Warning",
        };
        var node = gateway.GatewayId;
        var devices = new List<BridgeDevice>();
        using var process = GatewayProcess.Start("gateway", folder, environment);
        try
        {
            await process.WaitForPortAsync(devicePort, Generous);
            await Eventually.TrueAsync(() => Count(recorder, "NBIRTH") == 1, "the NBIRTH", Generous);

            // Two devices: births, online, three windows each; then the second says offline (its DDEATH).
            for (var d = 0; d < 2; d++)
            {
                var entry = gateway.Devices[d];
                var device = await BridgeDevice.ConnectAsync(devicePort, entry.DeviceId, entry.BrokerCredential, fleet.Devices[d].GetKey());
                devices.Add(device);
                await device.BirthAsync(boot: 3);
                await device.StateAsync(online: true);
                for (var seq = 1u; seq <= 3; seq++)
                {
                    await device.WindowAsync(boot: 3, seq);
                }
            }

            await Eventually.TrueAsync(() => Count(recorder, "DBIRTH") == 2 && Count(recorder, "DDATA") == 4, "two DBIRTHs and four DDATAs", Generous);
            await devices[1].StateAsync(online: false);
            await Eventually.TrueAsync(() => Count(recorder, "DDEATH") == 1, "the second device's DDEATH", Generous);

            // Commands: one that is not a rebirth (refused), then a rebirth.
            await recorder.PublishAsync($"spBv1.0/{group}/NCMD/{node}", Command("Node Control/Reboot"));
            await recorder.PublishAsync($"spBv1.0/{group}/DCMD/{node}/{gateway.Devices[0].DeviceId}", Command("Output/Relay"));
            await Eventually.TrueAsync(() => process.Output.Split('\n').Count(l => l.Contains("refused a command", StringComparison.Ordinal)) == 2, "both commands refused", Generous);
            await recorder.PublishAsync($"spBv1.0/{group}/NCMD/{node}", Command(SparkplugBridge.RebirthMetric));
            await Eventually.TrueAsync(() => Count(recorder, "NBIRTH") == 2 && Count(recorder, "DBIRTH") == 3, "the rebirth: NBIRTH and the online device's DBIRTH", Generous);

            process.KillAbruptly();
            await Eventually.TrueAsync(() => Count(recorder, "NDEATH") == 1, "the NDEATH will after SIGKILL", Generous);
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
            TestContext.Current.TestOutputHelper?.WriteLine(process.Output);
        }

        var messages = recorder.Messages.Where(m => !m.Topic.Contains("/NCMD/", StringComparison.Ordinal) && !m.Topic.Contains("/DCMD/", StringComparison.Ordinal)).ToList();
        var decoded = await TahuDecoder.DecodeAsync(messages);
        var sent = devices.ToDictionary(d => d.DeviceId, d => d.Sent);
        CheckSession(messages, decoded, group, node, sent);
    }

    private static void CheckSession(IReadOnlyList<RecordedMessage> messages, IReadOnlyList<JsonObject> decoded, string group, string node, Dictionary<string, List<(uint Boot, uint Seq, Protocol.Telemetry.WindowSummary Window)>> sent)
    {
        var prefix = $"spBv1.0/{group}/";
        Assert.StartsWith(prefix + "NBIRTH/" + node, messages[0].Topic, StringComparison.Ordinal);
        Assert.StartsWith(prefix + "NDEATH/" + node, messages[^1].Topic, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.False(m.Retain, $"{m.Topic} retained"));

        long? bdSeq = null;
        long? lastSeq = null;
        var aliases = new Dictionary<long, (string Device, string Name)>();
        var births = new Dictionary<string, Dictionary<long, string>>();
        var seen = new Dictionary<string, HashSet<uint>>();
        for (var i = 0; i < messages.Count; i++)
        {
            var parts = messages[i].Topic[prefix.Length..].Split('/');
            var (type, payload) = (parts[0], decoded[i]);
            var metrics = payload["metrics"]!.AsArray().Select(m => m!.AsObject()).ToList();
            switch (type)
            {
                case "NBIRTH":
                    Assert.Equal(0, TahuDecoder.Long(payload["seq"]));
                    var birthSeq = TahuDecoder.Long(Metric(metrics, "bdSeq")["value"]);
                    Assert.Equal("Int64", Metric(metrics, "bdSeq")["type"]!.GetValue<string>());
                    Assert.True(bdSeq is null || bdSeq == birthSeq, "a rebirth keeps the connection's bdSeq");
                    bdSeq = birthSeq;
                    Assert.False(Metric(metrics, SparkplugBridge.RebirthMetric)["value"]!.GetValue<bool>());
                    lastSeq = 0;
                    births.Clear(); // a rebirth: devices must be born again before their data
                    continue;
                case "NDEATH":
                    Assert.Null(payload["seq"]);
                    Assert.Equal(bdSeq, TahuDecoder.Long(Metric(metrics, "bdSeq")["value"]));
                    continue;
            }

            // Every message after the NBIRTH carries the next seq, 0-255 wrapping.
            var seq = TahuDecoder.Long(payload["seq"]);
            Assert.Equal((lastSeq!.Value + 1) % 256, seq);
            lastSeq = seq;
            var device = parts[2];
            switch (type)
            {
                case "DBIRTH":
                    var named = new Dictionary<long, string>();
                    foreach (var metric in metrics)
                    {
                        var alias = TahuDecoder.Long(metric["alias"]);
                        var name = metric["name"]!.GetValue<string>();
                        Assert.True(!aliases.TryGetValue(alias, out var owner) || owner == (device, name), $"alias {alias} reused for {device}/{name}");
                        aliases[alias] = (device, name);
                        named[alias] = name;
                    }

                    births[device] = named;
                    CheckWindow(device, named, metrics, sent, seen);
                    break;
                case "DDATA":
                    Assert.True(births.TryGetValue(device, out var born), $"DDATA of {device} before its DBIRTH");
                    Assert.All(metrics, m => Assert.Null(m["name"]));
                    Assert.All(metrics, m => Assert.True(born!.ContainsKey(TahuDecoder.Long(m["alias"])), $"alias {m["alias"]} not in {device}'s DBIRTH"));
                    CheckWindow(device, born!, metrics, sent, seen);
                    break;
                case "DDEATH":
                    Assert.True(births.Remove(device), $"DDEATH of {device}, which was not born");
                    break;
                default:
                    Assert.Fail($"unexpected message type {type}");
                    break;
            }
        }

        // Every window each device sent was published (the rebirth repeats the online device's last one).
        foreach (var (device, windows) in sent)
        {
            Assert.Equal(windows.Select(w => w.Seq).ToHashSet(), seen[device]);
        }
    }

    private static void CheckWindow(string device, Dictionary<long, string> named, List<JsonObject> metrics, Dictionary<string, List<(uint Boot, uint Seq, Protocol.Telemetry.WindowSummary Window)>> sent, Dictionary<string, HashSet<uint>> seen)
    {
        var values = metrics.ToDictionary(m => named[TahuDecoder.Long(m["alias"])], m => m);
        var frameSeq = (uint)TahuDecoder.Long(values["Frame/Seq"]["value"]);
        var (boot, _, window) = sent[device].Single(w => w.Seq == frameSeq);
        Assert.Equal(boot, (uint)TahuDecoder.Long(values["Frame/Boot"]["value"]));
        Assert.Equal(window.WindowLengthMs, TahuDecoder.Long(values["Window/Length"]["value"]));
        foreach (var channel in window.Channels)
        {
            Assert.Equal((double)BridgeValues.Scale(channel.Mean, channel.Exponent), values[channel.Channel + "/mean"]["value"]!.GetValue<double>());
            Assert.Equal((double)BridgeValues.Scale(channel.Min, channel.Exponent), values[channel.Channel + "/min"]["value"]!.GetValue<double>());
            Assert.Equal((double)BridgeValues.Scale(channel.Max, channel.Exponent), values[channel.Channel + "/max"]["value"]!.GetValue<double>());
            Assert.Equal(channel.Count, TahuDecoder.Long(values[channel.Channel + "/count"]["value"]));
            Assert.Equal("Double", values[channel.Channel + "/mean"]["type"]!.GetValue<string>());
        }

        Assert.Equal(window.Channels.Count * 4 + 3, values.Count);
        Assert.All(values.Values, m => Assert.Equal(window.WindowStartMs, TahuDecoder.Long(m["timestamp"])));
        (seen.TryGetValue(device, out var set) ? set : seen[device] = []).Add(frameSeq);
    }

    private static JsonObject Metric(List<JsonObject> metrics, string name) =>
        metrics.Single(m => m["name"]?.GetValue<string>() == name);

    private static int Count(MqttRecorder recorder, string type) =>
        recorder.Messages.Count(m => m.Topic.Split('/')[2] == type);

    private static byte[] Command(string metric)
    {
        var payload = new SparkplugPayload { Timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        payload.Metrics.Add(new SparkplugPayload.Types.Metric { Name = metric, Datatype = (uint)SparkplugDataType.Boolean, BooleanValue = true });
        return payload.ToByteArray();
    }
}
