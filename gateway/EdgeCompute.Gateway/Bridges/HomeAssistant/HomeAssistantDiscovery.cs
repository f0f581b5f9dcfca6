using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>
/// The topics and payloads of Home Assistant MQTT discovery for the gateway's entities (Home Assistant's "MQTT Sensor"
/// integration): one retained config per channel at <c>{discovery}/sensor/{gateway}/{source}_{channel}/config</c>, the
/// channel's latest window at <c>{prefix}/{source}/{channel}</c>, availability at <c>{prefix}/{source}/availability</c>
/// (the device's own online state) and <c>{prefix}/{gateway}/bridge</c> (the bridge itself, its will).
/// </summary>
/// <param name="options">The prefixes.</param>
/// <param name="gatewayId">The gateway.</param>
/// <param name="softwareVersion">The gateway software's version.</param>
public sealed class HomeAssistantDiscovery(HomeAssistantOptions options, string gatewayId, string softwareVersion)
{
    /// <summary>The manufacturer named in every device block.</summary>
    public const string Manufacturer = "EdgeCompute";

    /// <summary>The payload of an available device or bridge.</summary>
    public const string Online = "online";

    /// <summary>The payload of an unavailable device or bridge.</summary>
    public const string Offline = "offline";

    /// <summary>Gets the bridge's availability topic (retained <c>online</c>; its will retains <c>offline</c>).</summary>
    public string BridgeAvailabilityTopic => $"{options.TopicPrefix}/{gatewayId}/bridge";

    /// <summary>The discovery config topic of an entity.</summary>
    /// <param name="source">The device or gateway id.</param>
    /// <param name="channel">The channel.</param>
    /// <returns>The topic.</returns>
    public string ConfigTopic(string source, string channel) => $"{options.DiscoveryPrefix}/sensor/{gatewayId}/{source}_{channel}/config";

    /// <summary>The state topic of an entity.</summary>
    /// <param name="source">The device or gateway id.</param>
    /// <param name="channel">The channel.</param>
    /// <returns>The topic.</returns>
    public string StateTopic(string source, string channel) => $"{options.TopicPrefix}/{source}/{channel}";

    /// <summary>The availability topic of a device.</summary>
    /// <param name="source">The device id.</param>
    /// <returns>The topic.</returns>
    public string AvailabilityTopic(string source) => $"{options.TopicPrefix}/{source}/availability";

    /// <summary>The unique id of an entity (unique over a fleet: device ids are).</summary>
    /// <param name="source">The device or gateway id.</param>
    /// <param name="channel">The channel.</param>
    /// <returns>The id.</returns>
    public static string UniqueId(string source, string channel) => $"edgecompute_{source}_{channel}";

    /// <summary>The device registry identifier of a device or gateway.</summary>
    /// <param name="source">The device or gateway id.</param>
    /// <returns>The identifier.</returns>
    public static string DeviceIdentifier(string source) => $"edgecompute_{source}";

    /// <summary>The retained discovery config of one entity.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="device">What the device's birth said (ignored for the gateway's own sensors).</param>
    /// <returns>The JSON payload.</returns>
    public byte[] Config(HomeAssistantEntity entity, HomeAssistantDevice device)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(device);
        var own = entity.Source == gatewayId;
        var (unit, deviceClass) = HomeAssistantUnits.Of(entity.Unit);
        var state = StateTopic(entity.Source, entity.Channel);
        var availability = new JsonArray { Availability(BridgeAvailabilityTopic) };
        if (!own)
        {
            availability.Add(Availability(AvailabilityTopic(entity.Source)));
        }

        var deviceBlock = new JsonObject
        {
            ["identifiers"] = new JsonArray(DeviceIdentifier(entity.Source)),
            ["name"] = entity.Source,
            ["manufacturer"] = Manufacturer,
            ["model"] = own ? "EdgeCompute gateway" : device.Model,
            ["sw_version"] = own ? softwareVersion : device.SoftwareVersion,
        };
        if (!own)
        {
            deviceBlock["via_device"] = DeviceIdentifier(gatewayId);
        }

        var config = new JsonObject
        {
            ["name"] = entity.Channel,
            ["unique_id"] = UniqueId(entity.Source, entity.Channel),
            ["state_topic"] = state,
            ["value_template"] = "{{ value_json.mean }}",
            ["json_attributes_topic"] = state,
            ["state_class"] = "measurement",
            ["suggested_display_precision"] = Math.Max(0, -entity.Exponent),
            ["availability"] = availability,
            ["availability_mode"] = "all",
            ["device"] = deviceBlock,
            ["origin"] = new JsonObject { ["name"] = "EdgeCompute gateway", ["sw_version"] = softwareVersion },
        };
        if (unit is not null)
        {
            config["unit_of_measurement"] = unit;
        }

        if (deviceClass is not null)
        {
            config["device_class"] = deviceClass;
        }

        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    /// <summary>The state of one channel: its window summary, values scaled to the channel's unit.</summary>
    /// <param name="window">The window.</param>
    /// <param name="channel">The channel of that window.</param>
    /// <returns>The JSON payload.</returns>
    public static byte[] State(WindowSummary window, ChannelSummary channel)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(channel);
        var state = new JsonObject
        {
            ["mean"] = BridgeValues.Scale(channel.Mean, channel.Exponent),
            ["min"] = BridgeValues.Scale(channel.Min, channel.Exponent),
            ["max"] = BridgeValues.Scale(channel.Max, channel.Exponent),
            ["count"] = channel.Count,
            ["window_start"] = DateTimeOffset.FromUnixTimeMilliseconds(window.WindowStartMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["window_seconds"] = window.WindowLengthMs / 1000.0,
        };
        return Encoding.UTF8.GetBytes(state.ToJsonString());
    }

    private static JsonObject Availability(string topic) => new()
    {
        ["topic"] = topic,
        ["payload_available"] = Online,
        ["payload_not_available"] = Offline,
    };
}
