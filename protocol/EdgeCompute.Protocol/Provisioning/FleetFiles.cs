using System.Text.Json;

namespace EdgeCompute.Protocol.Provisioning;

/// <summary>
/// Writes and reads the provisioning files: <c>coordinator.json</c>, <c>gateways/{id}.json</c>, <c>devices/{id}.json</c>
/// (indented camelCase JSON). Readers validate everything and throw <see cref="ProvisioningException"/> naming the file and field.
/// </summary>
public static class FleetFiles
{
    /// <summary>The registry's file name.</summary>
    public const string CoordinatorFileName = "coordinator.json";

    /// <summary>The folder of gateway files.</summary>
    public const string GatewaysFolder = "gateways";

    /// <summary>The folder of device files.</summary>
    public const string DevicesFolder = "devices";

    private static readonly JsonSerializerOptions _options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    /// <summary>Writes every file of a fleet under <paramref name="directory"/> (created if needed; existing files are replaced).</summary>
    /// <param name="fleet">The fleet.</param>
    /// <param name="directory">The output folder.</param>
    public static void Write(ProvisionedFleet fleet, string directory)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(Path.Combine(directory, GatewaysFolder));
        Directory.CreateDirectory(Path.Combine(directory, DevicesFolder));
        WriteJson(Path.Combine(directory, CoordinatorFileName), fleet.Coordinator);
        foreach (var gateway in fleet.Gateways)
        {
            WriteGateway(gateway, Path.Combine(directory, GatewaysFolder, $"{gateway.GatewayId}.json"));
        }

        foreach (var device in fleet.Devices)
        {
            WriteDevice(device, Path.Combine(directory, DevicesFolder, $"{device.DeviceId}.json"));
        }
    }

    /// <summary>Writes one gateway file.</summary>
    /// <param name="gateway">The gateway file's contents.</param>
    /// <param name="path">Where to write it.</param>
    public static void WriteGateway(GatewayFile gateway, string path) => WriteJson(path, gateway);

    /// <summary>Writes one device file.</summary>
    /// <param name="device">The device file's contents.</param>
    /// <param name="path">Where to write it.</param>
    public static void WriteDevice(DeviceFile device, string path) => WriteJson(path, device);

    /// <summary>Reads and validates <c>coordinator.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ProvisioningException">The file is missing, not JSON, or a field is missing or invalid.</exception>
    public static CoordinatorRegistry ReadCoordinator(string path) => Read(path, (r, root) =>
    {
        var privateKey = r.PrivateKey(root, "coordinatorPrivateKey", "");
        var publicKey = r.PublicKey(root, "coordinatorPublicKey", "");
        r.RequirePair(privateKey, publicKey, "coordinatorPublicKey");
        var owners = r.Array(root, "owners", "", (e, p) => new OwnerRecord(
            r.Id(e, "id", p), r.String(e, "name", p), r.String(e, "payoutAccount", p), r.Hex32(e, "apiToken", p)));
        r.RequireUnique(owners.Select(o => o.Id), "owners");
        var ownerIds = owners.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var gateways = r.Array(root, "gateways", "", (e, p) => new GatewayRecord(
            r.Id(e, "id", p), Known(r, ownerIds, r.Id(e, "ownerId", p), $"{p}.ownerId", "owner"), r.PublicKey(e, "publicKey", p), r.Hex32(e, "brokerPassword", p)));
        r.RequireUnique(gateways.Select(g => g.Id), "gateways");
        var gatewayIds = gateways.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var devices = r.Array(root, "devices", "", (e, p) => new DeviceRecord(
            r.Id(e, "id", p),
            Known(r, ownerIds, r.Id(e, "ownerId", p), $"{p}.ownerId", "owner"),
            Known(r, gatewayIds, r.Id(e, "gatewayId", p), $"{p}.gatewayId", "gateway"),
            r.Hex32(e, "keyHex", p),
            r.String(e, "hardwareClass", p),
            r.Bool(e, "approvedForDataRewards", p)));
        r.RequireUnique(devices.Select(d => d.Id), "devices");
        return new CoordinatorRegistry(privateKey, publicKey, owners, gateways, devices);
    });

    /// <summary>Reads and validates a gateway file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The gateway file's contents.</returns>
    /// <exception cref="ProvisioningException">The file is missing, not JSON, or a field is missing or invalid.</exception>
    public static GatewayFile ReadGateway(string path) => Read(path, (r, root) =>
    {
        var privateKey = r.PrivateKey(root, "privateKey", "");
        var publicKey = r.PublicKey(root, "publicKey", "");
        r.RequirePair(privateKey, publicKey, "publicKey");
        var file = new GatewayFile(
            r.Id(root, "gatewayId", ""),
            r.Id(root, "ownerId", ""),
            privateKey,
            publicKey,
            r.PublicKey(root, "coordinatorPublicKey", ""),
            r.String(root, "brokerUsername", ""),
            r.Hex32(root, "brokerPassword", ""),
            r.Port(root, "deviceBrokerPort", "", DeviceFile.DefaultGatewayPort),
            r.Array(root, "devices", "", (e, p) => new GatewayDeviceEntry(r.Id(e, "deviceId", p), r.Hex32(e, "brokerCredential", p))),
            ApiOf(r, root));
        r.RequireUnique(file.Devices.Select(d => d.DeviceId), "devices");
        return file;
    });

    /// <summary>Reads and validates a device file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The device file's contents.</returns>
    /// <exception cref="ProvisioningException">The file is missing, not JSON, or a field is missing or invalid.</exception>
    public static DeviceFile ReadDevice(string path) => Read(path, (r, root) => new DeviceFile(
        r.Id(root, "deviceId", ""),
        r.Id(root, "ownerId", ""),
        r.Id(root, "gatewayId", ""),
        r.Hex32(root, "keyHex", ""),
        r.String(root, "gatewayHost", ""),
        r.Port(root, "gatewayPort", "", DeviceFile.DefaultGatewayPort)));

    /// <summary>Whether <paramref name="address"/> can be a coordinator API address: absolute, http or https.</summary>
    /// <param name="address">The address.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsApiAddress(Uri address) =>
        address is { IsAbsoluteUri: true } && address.Scheme is "http" or "https" && address.Host.Length > 0;

    /// <summary>The optional <c>api</c> field of a gateway file (files from before it have none).</summary>
    private static Uri? ApiOf(ProvisioningJsonReader reader, JsonElement root)
    {
        if (!root.TryGetProperty("api", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return Uri.TryCreate(text, UriKind.Absolute, out var api) && IsApiAddress(api)
            ? api
            : throw reader.Fail("api", $"must be the coordinator's API as an absolute http or https URL, found {element}");
    }

    private static string Known(ProvisioningJsonReader reader, HashSet<string> known, string id, string field, string what) =>
        known.Contains(id) ? id : throw reader.Fail(field, $"names unknown {what} \"{id}\"");

    private static void WriteJson<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value, _options) + "\n");

    private static T Read<T>(string path, Func<ProvisioningJsonReader, JsonElement, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var reader = new ProvisioningJsonReader(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw reader.Fail("$", $"cannot be read: {e.Message}", e);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw reader.Fail("$", "expected a JSON object");
            }

            return read(reader, document.RootElement);
        }
        catch (JsonException e)
        {
            throw reader.Fail("$", $"is not valid JSON: {e.Message}", e);
        }
    }
}
