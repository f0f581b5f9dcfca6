using System.Text.Json.Nodes;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Tests;

public sealed class ProvisioningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ec-provision-{Guid.NewGuid():N}");
    private readonly ProvisionedFleet _fleet = FleetProvisioner.Create(new FleetSpec(3, 2, 7));

    public ProvisioningTests() => FleetFiles.Write(_fleet, _directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Assigns_devices_deterministically()
    {
        Assert.Equal(["owner-01", "owner-02", "owner-03"], _fleet.Coordinator.Owners.Select(o => o.Id));
        Assert.Equal(["gw-01", "gw-02"], _fleet.Gateways.Select(g => g.GatewayId));
        Assert.Equal("dev-0001", _fleet.Devices[0].DeviceId);
        Assert.All(_fleet.Coordinator.Devices.Select((d, i) => (d, i)), x =>
        {
            Assert.Equal($"gw-0{(x.i % 2) + 1}", x.d.GatewayId);
            Assert.Equal($"owner-0{(x.i % 3) + 1}", x.d.OwnerId);
        });
        Assert.Equal(4, _fleet.Gateways[0].Devices.Count);
        Assert.Equal(_fleet.Coordinator.Devices.Select(d => d.KeyHex).Distinct().Count(), _fleet.Coordinator.Devices.Count);
    }

    [Fact]
    public void Files_round_trip()
    {
        var coordinator = FleetFiles.ReadCoordinator(Path.Combine(_directory, "coordinator.json"));
        Assert.Equal(_fleet.Coordinator.Owners, coordinator.Owners);
        Assert.Equal(_fleet.Coordinator.Gateways, coordinator.Gateways);
        Assert.Equal(_fleet.Coordinator.Devices, coordinator.Devices);
        Assert.Equal(_fleet.Coordinator.CoordinatorPublicKey, coordinator.CoordinatorPublicKey);
        foreach (var gateway in _fleet.Gateways)
        {
            var read = FleetFiles.ReadGateway(Path.Combine(_directory, "gateways", $"{gateway.GatewayId}.json"));
            Assert.Equal(gateway with { Devices = [] }, read with { Devices = [] });
            Assert.Equal(gateway.Devices, read.Devices);
        }

        foreach (var device in _fleet.Devices)
        {
            Assert.Equal(device, FleetFiles.ReadDevice(Path.Combine(_directory, "devices", $"{device.DeviceId}.json")));
        }
    }

    [Fact]
    public void Writes_indented_camel_case_json()
    {
        var text = File.ReadAllText(Path.Combine(_directory, "devices", "dev-0001.json"));
        Assert.Contains("\n  \"deviceId\": \"dev-0001\"", text, StringComparison.Ordinal);
        Assert.Contains("\"gatewayPort\": 1884", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_files_hold_no_device_key_in_any_encoding()
    {
        var encodings = _fleet.Coordinator.Devices
            .SelectMany(d => new[] { d.KeyHex, d.KeyHex.ToUpperInvariant(), Convert.ToBase64String(d.GetKey()), Convert.ToBase64String(d.GetKey()).TrimEnd('=') })
            .ToArray();
        foreach (var file in Directory.GetFiles(Path.Combine(_directory, "gateways")))
        {
            var text = File.ReadAllText(file);
            Assert.All(encodings, key => Assert.DoesNotContain(key, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Gateway_file_holds_the_derived_credential_of_each_of_its_devices()
    {
        var gateway = _fleet.Gateways[1];
        var devices = _fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.GatewayId).ToArray();
        Assert.Equal(devices.Select(d => d.Id), gateway.Devices.Select(d => d.DeviceId));
        Assert.All(devices.Zip(gateway.Devices), pair => Assert.True(DeviceCredential.Verify(DeviceCredential.Derive(pair.First.GetKey()), pair.Second.BrokerCredential)));
    }

    [Fact]
    public void Device_file_holds_only_its_own_key()
    {
        foreach (var device in _fleet.Devices)
        {
            var text = File.ReadAllText(Path.Combine(_directory, "devices", $"{device.DeviceId}.json"));
            var others = _fleet.Coordinator.Devices.Where(d => d.Id != device.DeviceId).Select(d => d.KeyHex);
            Assert.All(others, key => Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(device.KeyHex, text, StringComparison.Ordinal);
            Assert.DoesNotContain("PrivateKey", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Keys_load_and_sign_across_files()
    {
        var gatewayFile = _fleet.Gateways[0];
        using var gatewayKey = P256Keys.ImportPrivateKey(gatewayFile.PrivateKey);
        using var registered = P256Keys.ImportPublicKey(_fleet.Coordinator.Gateways[0].PublicKey);
        var batch = BatchSealer.Seal(new Batches.GatewayBatchBody([], null), gatewayFile.GatewayId, 1, 1, Batches.BatchCodec.Deflate, gatewayKey);
        Assert.True(GatewayBatchSignature.Verify(batch, registered));
    }

    [Theory]
    [InlineData("devices/dev-0001.json", "keyHex", "\"zz\"", "keyHex")]
    [InlineData("devices/dev-0001.json", "deviceId", "\"Dev 1\"", "deviceId")]
    [InlineData("devices/dev-0001.json", "gatewayPort", "70000", "gatewayPort")]
    [InlineData("devices/dev-0001.json", "gatewayHost", null, "gatewayHost")]
    [InlineData("gateways/gw-01.json", "privateKey", "\"bm90IGEga2V5\"", "privateKey")]
    [InlineData("gateways/gw-01.json", "coordinatorPublicKey", "42", "coordinatorPublicKey")]
    [InlineData("gateways/gw-01.json", "brokerPassword", null, "brokerPassword")]
    [InlineData("coordinator.json", "coordinatorPublicKey", "\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\"", "coordinatorPublicKey")]
    public void Broken_files_name_the_field(string file, string field, string? replacement, string expectedField)
    {
        var path = Path.Combine(_directory, file);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (replacement is null)
        {
            json.Remove(field);
        }
        else
        {
            json[field] = JsonNode.Parse(replacement);
        }

        File.WriteAllText(path, json.ToJsonString());
        var error = Assert.Throws<ProvisioningException>(() => Read(path));
        Assert.Equal(expectedField, error.Field);
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedField, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_pointing_at_unknown_gateways_or_owners_are_refused()
    {
        var path = Path.Combine(_directory, "coordinator.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["devices"]![2]!["gatewayId"] = "gw-99";
        File.WriteAllText(path, json.ToJsonString());
        var error = Assert.Throws<ProvisioningException>(() => FleetFiles.ReadCoordinator(path));
        Assert.Equal("devices[2].gatewayId", error.Field);
        Assert.Contains("gw-99", error.Message, StringComparison.Ordinal);

        json["devices"]![2]!["gatewayId"] = "gw-01";
        json["devices"]![3]!["ownerId"] = "owner-77";
        File.WriteAllText(path, json.ToJsonString());
        Assert.Equal("devices[3].ownerId", Assert.Throws<ProvisioningException>(() => FleetFiles.ReadCoordinator(path)).Field);
    }

    [Fact]
    public void Invalid_json_and_missing_files_are_refused()
    {
        var path = Path.Combine(_directory, "devices", "dev-0002.json");
        File.WriteAllText(path, "{ \"deviceId\": ");
        Assert.Equal("$", Assert.Throws<ProvisioningException>(() => FleetFiles.ReadDevice(path)).Field);
        Assert.Equal("$", Assert.Throws<ProvisioningException>(() => FleetFiles.ReadDevice(Path.Combine(_directory, "nope.json"))).Field);
        File.WriteAllText(path, "[]");
        Assert.Equal("$", Assert.Throws<ProvisioningException>(() => FleetFiles.ReadDevice(path)).Field);
    }

    [Fact]
    public void Device_credential_is_hmac_of_the_label()
    {
        var key = new byte[32];
        var credential = DeviceCredential.Derive(key);
        Assert.Equal(64, credential.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, "ec/v1/mqtt-credential"u8)), credential);
        Assert.True(DeviceCredential.Verify(credential, credential));
        Assert.False(DeviceCredential.Verify(credential.ToUpperInvariant(), credential));
        Assert.False(DeviceCredential.Verify(null, credential));
        Assert.Throws<ArgumentException>(() => DeviceCredential.Derive(new byte[31]));
    }

    [Fact]
    public void Distinct_ports_give_each_gateway_its_own()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 3, 3) { DistinctGatewayPorts = true, GatewayPort = 2000 });
        Assert.Equal([2000, 2001, 2002], fleet.Gateways.Select(g => g.DeviceBrokerPort));
        Assert.Equal([2000, 2001, 2002], fleet.Devices.Select(d => d.GatewayPort));
    }

    private static object Read(string path) =>
        path.Contains("devices", StringComparison.Ordinal) ? FleetFiles.ReadDevice(path)
        : path.Contains("gateways", StringComparison.Ordinal) ? FleetFiles.ReadGateway(path)
        : FleetFiles.ReadCoordinator(path);
}
