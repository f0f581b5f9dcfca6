using EdgeCompute.Coordinator.Api.Fleet;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class FleetApiTests
{
    private const string Exact = "u4pruyd";

    [Fact]
    public async Task Counts_gateways_cells_and_pages_the_nodes()
    {
        await using var world = await ApiWorld.CreateAsync();
        world.Work.Nodes.GatewayState("gw-03", online: false); // its devices go offline with it

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=10"));
        var second = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=10&offset=10"));

        var nodes = world.Work.Nodes.Snapshot();
        Assert.Equal(nodes.Count, first.GetProperty("nodes").GetInt32());
        Assert.Equal(nodes.Count(n => n.Online), first.GetProperty("online").GetInt32());
        Assert.True(first.GetProperty("online").GetInt32() < nodes.Count);
        Assert.Equal(10, first.GetProperty("next").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(nodes.Select(n => n.NodeId).Order(StringComparer.Ordinal),
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(n => n.GetProperty("id").GetString()));
        var gateways = first.GetProperty("gateways").EnumerateArray().ToList();
        Assert.Equal(["gw-01", "gw-02", "gw-03"], gateways.Select(g => g.GetProperty("id").GetString()));
        foreach (var gateway in gateways)
        {
            var id = gateway.GetProperty("id").GetString();
            Assert.Equal(nodes.Count(n => !n.IsGateway && n.GatewayId == id), gateway.GetProperty("devices").GetInt32());
            Assert.Equal(nodes.Count(n => !n.IsGateway && n.GatewayId == id && n.Online), gateway.GetProperty("devicesOnline").GetInt32());
        }

        var cell = Assert.Single(first.GetProperty("cells").EnumerateArray());
        Assert.Equal("u4pru", cell.GetProperty("geohash").GetString());
        Assert.Equal(nodes.Count, cell.GetProperty("nodes").GetInt32());

        var offline = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?online=false&gateway=gw-03&limit=500"));
        Assert.Equal(nodes.Count(n => n.GatewayId == "gw-03"), offline.GetProperty("matching").GetInt32());
    }

    [Fact]
    public async Task Locations_are_public_to_five_characters_exact_for_the_owner_and_the_operator()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Work.Fleet.Coordinator.Devices[0].OwnerId;

        var anonymous = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=500"));
        var asOwner = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=500", world.TokenOf(owner)));
        var asOperator = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=500", ApiWorld.OperatorToken));

        Assert.All(anonymous.GetProperty("items").EnumerateArray(), n => Assert.Equal(Exact[..FleetEndpoints.PublicGeohashLength], n.GetProperty("geohash").GetString()));
        Assert.All(asOperator.GetProperty("items").EnumerateArray(), n => Assert.Equal(Exact, n.GetProperty("geohash").GetString()));
        var mine = asOwner.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("owner").GetString() == owner).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, n => Assert.Equal(Exact, n.GetProperty("geohash").GetString()));
        Assert.All(asOwner.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("owner").GetString() != owner),
            n => Assert.Equal("u4pru", n.GetProperty("geohash").GetString()));
    }

    [Theory]
    [InlineData("online=maybe", "online")]
    [InlineData("limit=0", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string field)
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync("/api/fleet?" + query), 400);

        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Session_names_the_tokens_holder()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(2);

        Assert.Equal("anonymous", (await ApiWorld.JsonOf(await world.GetAsync("/api/session"))).GetProperty("kind").GetString());
        var mine = await ApiWorld.JsonOf(await world.GetAsync("/api/session", world.TokenOf(owner)));
        Assert.Equal(("owner", owner), (mine.GetProperty("kind").GetString(), mine.GetProperty("owner").GetString()));
        Assert.Equal("operator", (await ApiWorld.JsonOf(await world.GetAsync("/api/session", ApiWorld.OperatorToken))).GetProperty("kind").GetString());
        Assert.Equal("unrecognised", (await ApiWorld.JsonOf(await world.GetAsync("/api/session", new string('z', 40)))).GetProperty("kind").GetString());
        var policy = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/policy"));
        Assert.Equal(ApiWorld.Policy.OwnerShareCapBasisPoints, policy.GetProperty("ownerShareCapBasisPoints").GetInt32());
    }
}
