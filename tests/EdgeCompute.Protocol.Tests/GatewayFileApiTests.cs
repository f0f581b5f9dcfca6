using System.Text.Json.Nodes;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Protocol.Tests;

public sealed class GatewayFileApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ec-gateway-api-").FullName;

    [Fact]
    public void A_fleet_provisioned_with_an_api_address_writes_it_into_every_gateway_file_and_reads_it_back()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 2, 2) { Api = new Uri("https://coordinator.example:8443") });
        FleetFiles.Write(fleet, _directory);

        foreach (var gateway in fleet.Gateways)
        {
            var path = Path.Combine(_directory, "gateways", $"{gateway.GatewayId}.json");
            Assert.Equal("https://coordinator.example:8443", JsonNode.Parse(File.ReadAllText(path))!["api"]!.GetValue<string>());
            Assert.Equal(new Uri("https://coordinator.example:8443"), FleetFiles.ReadGateway(path).Api);
        }
    }

    [Fact]
    public void A_gateway_file_without_an_api_field_reads_as_none_and_is_written_without_one()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 1));
        FleetFiles.Write(fleet, _directory);
        var path = Path.Combine(_directory, "gateways", "gw-01.json");

        Assert.Null(JsonNode.Parse(File.ReadAllText(path))!["api"]);
        Assert.Null(FleetFiles.ReadGateway(path).Api);
    }

    [Theory]
    [InlineData("ftp://coordinator.example")]
    [InlineData("coordinator.example:8080")]
    [InlineData("42")]
    public void A_gateway_file_whose_api_is_not_an_http_url_is_refused_naming_the_field(string api)
    {
        FleetFiles.Write(FleetProvisioner.Create(new FleetSpec(1, 1, 0)), _directory);
        var path = Path.Combine(_directory, "gateways", "gw-01.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["api"] = api == "42" ? JsonValue.Create(42) : JsonValue.Create(api);
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<ProvisioningException>(() => FleetFiles.ReadGateway(path));

        Assert.Contains("api", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provisioner_refuses_an_api_address_that_is_not_http()
    {
        Assert.Throws<ArgumentException>(() => FleetProvisioner.Create(new FleetSpec(1, 1, 0) { Api = new Uri("ftp://coordinator.example") }));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
