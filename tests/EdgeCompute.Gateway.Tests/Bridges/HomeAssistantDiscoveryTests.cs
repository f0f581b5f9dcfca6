using System.Text;
using System.Text.Json;
using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>
/// Home Assistant MQTT discovery against the Mosquitto of the test command: a plain client reads every retained config
/// the bridge published and checks it against Home Assistant's documented configuration of an MQTT sensor
/// (home-assistant.io/integrations/sensor.mqtt, "Configuration Variables"; device classes and their units from
/// home-assistant.io/integrations/sensor, "Device class"), then the states and availability against what the devices sent.
/// </summary>
public sealed class HomeAssistantDiscoveryTests
{
    // Home Assistant's documented configuration variables of an MQTT sensor, and of its device block and availability list.
    private static readonly HashSet<string> DocumentedSensorKeys =
    [
        "availability", "availability_mode", "availability_template", "availability_topic", "default_entity_id", "device",
        "device_class", "enabled_by_default", "encoding", "entity_category", "entity_picture", "expire_after", "force_update",
        "icon", "json_attributes_template", "json_attributes_topic", "last_reset_value_template", "name", "object_id",
        "options", "payload_available", "payload_not_available", "platform", "qos", "state_class", "state_topic",
        "suggested_display_precision", "unique_id", "unit_of_measurement", "value_template",
        "origin", // discovery payloads only: who announced the entity (name, sw_version, support_url)
    ];

    private static readonly HashSet<string> DocumentedDeviceKeys =
    [
        "configuration_url", "connections", "hw_version", "identifiers", "manufacturer", "model", "model_id", "name",
        "serial_number", "suggested_area", "sw_version", "via_device",
    ];

    private static readonly HashSet<string> DocumentedAvailabilityKeys = ["payload_available", "payload_not_available", "topic", "value_template"];

    private static readonly HashSet<string> StateClasses = ["measurement", "measurement_angle", "total", "total_increasing"];

    // Device classes used here, with the units Home Assistant documents for them.
    private static readonly Dictionary<string, string[]> DeviceClassUnits = new()
    {
        ["temperature"] = ["°C", "°F", "K"],
        ["humidity"] = ["%"],
        ["atmospheric_pressure"] = ["cbar", "bar", "hPa", "mmHg", "inHg", "kPa", "mbar", "Pa", "psi"],
        ["illuminance"] = ["lx"],
    };

    [Fact]
    public async Task Announces_every_channel_with_a_config_home_assistant_documents_and_publishes_states_and_availability()
    {
        using var broker = BridgeBroker.FromEnvironment();
        var options = Options(broker);
        await using var gateway = new TestGateway(devices: 2);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        await using var recorder = await MqttRecorder.StartAsync(broker, options.DiscoveryPrefix + "/#", options.TopicPrefix + "/#");
        var bridge = new HomeAssistantBridge(options);
        var node = gateway.CreateNode(fixture.Url, bridges: [bridge]);
        await node.StartAsync(TestContext.Current.CancellationToken);

        var windows = new Dictionary<string, WindowSummary>();
        for (var d = 0; d < 2; d++)
        {
            var entry = gateway.File.Devices[d];
            using var device = await BridgeDevice.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.BrokerCredential, gateway.KeyOf(d));
            await device.BirthAsync(boot: 1, firmware: $"1.4.{d}");
            await device.StateAsync(online: true);
            await device.WindowAsync(boot: 1, seq: 1);
            windows[entry.DeviceId] = await device.WindowAsync(boot: 1, seq: 2);
        }

        var gatewayId = gateway.File.GatewayId;
        var configTopics = gateway.File.Devices.SelectMany(e => new[] { "temp", "hum", "press" }.Select(c => $"{options.DiscoveryPrefix}/sensor/{gatewayId}/{e.DeviceId}_{c}/config")).ToList();
        await Eventually.TrueAsync(
            () => configTopics.All(t => recorder.Messages.Any(m => m.Topic == t)) && bridge.Counters.Published >= 6 + 12 + 2 + 1,
            "six configs, twelve states, two availabilities and the bridge's own are published");
        await node.StopAsync(TestContext.Current.CancellationToken);

        // A fresh client sees what Home Assistant sees when it starts: the retained messages.
        await using var reader = await MqttRecorder.StartAsync(broker, options.DiscoveryPrefix + "/#", options.TopicPrefix + "/#");
        await Eventually.TrueAsync(
            () => configTopics.All(t => reader.Messages.Any(m => m.Topic == t && m.Retain))
                && reader.Messages.Count(m => m.Topic.StartsWith(options.TopicPrefix + "/", StringComparison.Ordinal)) == 6 + 2 + 1,
            "every config, state and availability is retained");
        var configs = reader.Messages.Where(m => m.Topic.StartsWith(options.DiscoveryPrefix + "/", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, configs.Count);
        var uniqueIds = new HashSet<string>();
        foreach (var message in configs)
        {
            using var json = JsonDocument.Parse(message.Payload);
            var config = json.RootElement;
            CheckDocumented(config, message.Topic);
            Assert.True(uniqueIds.Add(config.GetProperty("unique_id").GetString()!), "unique_id repeats");

            var (deviceId, channel) = ParseObjectId(message.Topic);
            var device = config.GetProperty("device");
            Assert.Equal(["edgecompute_" + deviceId], device.GetProperty("identifiers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("EdgeCompute", device.GetProperty("manufacturer").GetString());
            Assert.Equal("esp32", device.GetProperty("model").GetString());
            Assert.Equal($"1.4.{gateway.File.Devices.ToList().FindIndex(e => e.DeviceId == deviceId)}", device.GetProperty("sw_version").GetString());
            Assert.Equal("edgecompute_" + gatewayId, device.GetProperty("via_device").GetString());
            Assert.Equal("measurement", config.GetProperty("state_class").GetString());
            var (unit, deviceClass) = channel switch
            {
                "temp" => ("°C", "temperature"),
                "hum" => ("%", "humidity"),
                _ => ("hPa", "atmospheric_pressure"),
            };
            Assert.Equal(unit, config.GetProperty("unit_of_measurement").GetString());
            Assert.Equal(deviceClass, config.GetProperty("device_class").GetString());

            // Availability: the bridge itself and the device's own stored state, both required.
            Assert.Equal("all", config.GetProperty("availability_mode").GetString());
            var availability = config.GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()!).ToList();
            Assert.Equal([$"{options.TopicPrefix}/{gatewayId}/bridge", $"{options.TopicPrefix}/{deviceId}/availability"], availability);
            Assert.Contains(recorder.Messages, m => m.Topic == availability[0] && Encoding.UTF8.GetString(m.Payload) == "online");
            Assert.Equal("offline", Retained(reader, availability[0])); // the bridge said goodbye when the gateway stopped
            Assert.Contains(recorder.Messages, m => m.Topic == availability[1] && Encoding.UTF8.GetString(m.Payload) == "online");
            // When the gateway stops, its devices leave the broker and are stored offline; whether the bridge still
            // publishes that before it says goodbye itself depends on which stops first.
            Assert.Contains(Retained(reader, availability[1]), new[] { "online", "offline" });

            // State: the latest stored window of that channel, scaled to its unit.
            var state = JsonDocument.Parse(Retained(reader, config.GetProperty("state_topic").GetString()!)).RootElement;
            var sent = windows[deviceId].Channels.Single(c => c.Channel == channel);
            Assert.Equal(Scale(sent.Mean, sent.Exponent), state.GetProperty("mean").GetDecimal());
            Assert.Equal(Scale(sent.Min, sent.Exponent), state.GetProperty("min").GetDecimal());
            Assert.Equal(Scale(sent.Max, sent.Exponent), state.GetProperty("max").GetDecimal());
            Assert.Equal(sent.Count, state.GetProperty("count").GetInt64());
            Assert.Equal("{{ value_json.mean }}", config.GetProperty("value_template").GetString());
        }
    }

    [Fact]
    public async Task Removes_the_entities_of_a_device_no_longer_in_the_gateway_file_with_empty_retained_configs()
    {
        using var broker = BridgeBroker.FromEnvironment();
        var options = Options(broker);
        await using var gateway = new TestGateway(devices: 2);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        await using var recorder = await MqttRecorder.StartAsync(broker, options.DiscoveryPrefix + "/#");
        var gatewayId = gateway.File.GatewayId;
        string ConfigOf(int device, string channel) => $"{options.DiscoveryPrefix}/sensor/{gatewayId}/{gateway.IdOf(device)}_{channel}/config";

        // First life: both devices announced.
        var first = new HomeAssistantBridge(options);
        var node = gateway.CreateNode(fixture.Url, bridges: [first]);
        await node.StartAsync(TestContext.Current.CancellationToken);
        for (var d = 0; d < 2; d++)
        {
            var entry = gateway.File.Devices[d];
            using var device = await BridgeDevice.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.BrokerCredential, gateway.KeyOf(d));
            await device.WindowAsync(boot: 1, seq: 1);
        }

        await Eventually.TrueAsync(() => recorder.Messages.Count(m => m.Payload.Length > 0) >= 6, "six configs announced");
        await node.StopAsync(TestContext.Current.CancellationToken);

        // Second life: the gateway file no longer lists the second device.
        var smaller = gateway.File with { Devices = [gateway.File.Devices[0]] };
        var second = new HomeAssistantBridge(options);
        var restarted = gateway.CreateNode(fixture.Url, bridges: [second], file: smaller);
        await restarted.StartAsync(TestContext.Current.CancellationToken);
        var removed = new[] { "temp", "hum", "press" }.Select(c => ConfigOf(1, c)).ToList();
        await Eventually.TrueAsync(() => removed.All(t => recorder.Messages.Any(m => m.Topic == t && m.Payload.Length == 0)), "empty retained configs for the removed device");
        // the bridge counts an entity removed after both its retained config and state are emptied: the three empty
        // configs can reach the recorder before the last state is published and counted
        await Eventually.TrueAsync(() => second.EntitiesRemoved >= 3, "three entities counted removed");
        Assert.Equal(3, second.EntitiesRemoved);
        await Eventually.TrueAsync(() => recorder.Messages.Count(m => m.Topic == ConfigOf(0, "temp") && m.Payload.Length > 0) >= 2, "the remaining device is announced again");
        await restarted.StopAsync(TestContext.Current.CancellationToken);

        // What Home Assistant would read now: the remaining device's configs, none of the removed one's.
        await using var reader = await MqttRecorder.StartAsync(broker, options.DiscoveryPrefix + "/#");
        await Eventually.TrueAsync(() => reader.Messages.Count == 3, "three retained configs");
        Assert.All(reader.Messages, m => Assert.Contains(gateway.IdOf(0) + "_", m.Topic, StringComparison.Ordinal));
        Assert.DoesNotContain(reader.Messages, m => removed.Contains(m.Topic));
    }

    private static HomeAssistantOptions Options(BridgeBroker broker) => new()
    {
        Enabled = true,
        Broker = broker.Options(),
        DiscoveryPrefix = BridgeBroker.UniquePrefix("ha"),
        TopicPrefix = BridgeBroker.UniquePrefix("ec"),
    };

    private static void CheckDocumented(JsonElement config, string topic)
    {
        foreach (var property in config.EnumerateObject())
        {
            Assert.True(DocumentedSensorKeys.Contains(property.Name), $"{topic}: \"{property.Name}\" is not a documented MQTT sensor option");
        }

        foreach (var required in new[] { "unique_id", "state_topic", "device", "unit_of_measurement", "device_class", "state_class", "availability" })
        {
            Assert.True(config.TryGetProperty(required, out _), $"{topic}: \"{required}\" missing");
        }

        Assert.False(config.TryGetProperty("availability_topic", out _) && config.TryGetProperty("availability", out _), "availability and availability_topic must not be used together");
        foreach (var property in config.GetProperty("device").EnumerateObject())
        {
            Assert.True(DocumentedDeviceKeys.Contains(property.Name), $"{topic}: device.\"{property.Name}\" is not documented");
        }

        foreach (var item in config.GetProperty("availability").EnumerateArray())
        {
            Assert.All(item.EnumerateObject(), p => Assert.Contains(p.Name, DocumentedAvailabilityKeys));
            Assert.True(item.TryGetProperty("topic", out _), $"{topic}: an availability entry needs its topic");
        }

        Assert.Contains(config.GetProperty("state_class").GetString()!, StateClasses);
        var deviceClass = config.GetProperty("device_class").GetString()!;
        Assert.True(DeviceClassUnits.TryGetValue(deviceClass, out var units), $"{topic}: device class {deviceClass} not expected");
        Assert.Contains(config.GetProperty("unit_of_measurement").GetString()!, units!);
        Assert.Matches("^[a-zA-Z0-9_-]+$", topic.Split('/')[^2]); // the object id Home Assistant accepts
    }

    private static (string DeviceId, string Channel) ParseObjectId(string topic)
    {
        var objectId = topic.Split('/')[^2];
        var cut = objectId.LastIndexOf('_');
        return (objectId[..cut], objectId[(cut + 1)..]);
    }

    private static string Retained(MqttRecorder reader, string topic) =>
        Encoding.UTF8.GetString(reader.Messages.Last(m => m.Topic == topic).Payload);

    private static decimal Scale(long mantissa, int exponent) => EdgeCompute.Gateway.Bridges.BridgeValues.Scale(mantissa, exponent);
}
