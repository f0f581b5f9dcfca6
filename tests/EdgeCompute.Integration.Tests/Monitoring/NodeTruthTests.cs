using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Monitoring;

/// <summary>
/// Real processes (coordinator on PostgreSQL, a gateway, simulated devices): when the devices leave (their simulator ends)
/// and come back (it runs again), the store's <c>device_nodes</c>, <c>GET /api/nodes</c>, <c>GET /api/fleet</c> (what the
/// dashboard draws), <c>edgecompute nodes --json</c> and the <c>/metrics</c> scrape all say the same, each time.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed partial class NodeTruthTests
{
    private const string Gateway = "gw-01";
    private const int Devices = 4;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Devices_leaving_and_coming_back_show_the_same_in_the_store_the_api_the_fleet_the_nodes_command_and_the_metrics()
    {
        const int seed = 1818;
        await using var network = await ProcessNetwork.StartAsync(devices: Devices, gateways: 1);
        var coordinator = await network.StartCoordinatorAsync();
        await network.StartGatewayAsync(Gateway);
        var api = $"http://127.0.0.1:{coordinator.HttpPort}";

        var first = await ProcessNetwork.TotalsOfAsync(network.StartSimulation(Gateway, seed, seconds: 5), Wait);
        var gone = await AgreeAsync(network, api, devicesOnline: false, "the devices gone after their simulator ended");
        TestLog.Line($"node truth: seed {seed}; run 1 sent {first.ReadingsSent} readings from {first.Devices} devices; after it ended: {gone}");

        var second = network.StartSimulation(Gateway, seed + 1, seconds: 60);
        var back = await AgreeAsync(network, api, devicesOnline: true, "the devices back with the second run");
        TestLog.Line($"node truth: while run 2 runs: {back}");
        await second.KillAsync();
    }

    /// <summary>Polls until every view shows the gateway online and every device as <paramref name="devicesOnline"/>; returns what they showed.</summary>
    private static async Task<string> AgreeAsync(ProcessNetwork network, string api, bool devicesOnline, string what)
    {
        var shown = "";
        await Poll.UntilAsync(async () =>
        {
            var views = await ViewsAsync(network, api);
            shown = string.Join("; ", views.Select(v => $"{v.Key}: {v.Value}"));
            var expected = views["store"].Split(',').Select(d => $"{d.Split('=')[0]}={(devicesOnline ? "on" : "off")}");
            return views["store"].Split(',').Length == Devices && views.Values.Distinct().Count() == 1 && views["store"].Split(',').SequenceEqual(expected)
                && await GatewayOnlineEverywhereAsync(network, api);
        }, what + ": the store, /api/nodes, /api/fleet, nodes --json and /metrics agree", Wait, () => shown + "\n" + network.Tails(8));
        return shown;
    }

    /// <summary>Each view's devices as <c>id=on|off</c>, ordered by id; the metrics as the count online.</summary>
    private static async Task<Dictionary<string, string>> ViewsAsync(ProcessNetwork network, string api)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (await network.Database.RowsAsync("SELECT device, online FROM device_nodes ORDER BY device"))
            .Select(r => ((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture) == 1)).ToList();
        using var nodes = JsonDocument.Parse(await network.Http.GetStringAsync(new Uri($"{api}/api/nodes?kind=device&limit=1000"), ct));
        using var fleet = JsonDocument.Parse(await network.Http.GetStringAsync(new Uri($"{api}/api/fleet?limit=500"), ct));
        await using var command = EdgeComputeProcess.Start("nodes --json", ["nodes", "--json", "--kind", "device", "--api", api]);
        Assert.True(await command.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, command.Tail());
        using var listed = JsonDocument.Parse(string.Join('\n', command.Out));
        var metrics = await network.Http.GetStringAsync(new Uri($"{api}/metrics"), ct);
        var devicesOnline = NodesOnline().Matches(metrics).Where(m => m.Groups["kind"].Value == "device").Select(m => m.Groups["n"].Value).SingleOrDefault() ?? "absent";

        var fleetDevices = fleet.RootElement.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "device");
        var fleetGateway = fleet.RootElement.GetProperty("gateways").EnumerateArray().Single(g => g.GetProperty("id").GetString() == Gateway);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["store"] = Shown(store),
            ["api/nodes"] = Shown(nodes.RootElement.GetProperty("items").EnumerateArray().Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("online").GetBoolean()))),
            ["api/fleet"] = Shown(fleetDevices.Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("online").GetBoolean()))),
            ["nodes --json"] = Shown(listed.RootElement.EnumerateArray().Select(l => l.GetProperty("node")).Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("online").GetBoolean()))),
            // counts: the same truth said as a number
            ["fleet gateway devicesOnline"] = Shown(store.Take(fleetGateway.GetProperty("devicesOnline").GetInt32()).Select(d => (d.Item1, true))
                .Concat(store.Skip(fleetGateway.GetProperty("devicesOnline").GetInt32()).Select(d => (d.Item1, false)))),
            ["metrics"] = int.TryParse(devicesOnline, CultureInfo.InvariantCulture, out var n)
                ? Shown(store.Take(n).Select(d => (d.Item1, true)).Concat(store.Skip(n).Select(d => (d.Item1, false))))
                : "metrics: " + devicesOnline,
        };
    }

    private static async Task<bool> GatewayOnlineEverywhereAsync(ProcessNetwork network, string api)
    {
        var ct = TestContext.Current.CancellationToken;
        using var nodes = JsonDocument.Parse(await network.Http.GetStringAsync(new Uri($"{api}/api/nodes?kind=gateway"), ct));
        var metrics = await network.Http.GetStringAsync(new Uri($"{api}/metrics"), ct);
        return nodes.RootElement.GetProperty("items").EnumerateArray().Single().GetProperty("online").GetBoolean()
            && NodesOnline().Matches(metrics).Any(m => m.Groups["kind"].Value == "gateway" && m.Groups["n"].Value == "1");
    }

    private static string Shown(IEnumerable<(string Id, bool Online)> devices) =>
        string.Join(',', devices.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id}={(d.Online ? "on" : "off")}"));

    [GeneratedRegex("^edgecompute_coordinator_nodes_online\\{[^}]*kind=\"(?<kind>[a-z]+)\"[^}]*\\} (?<n>[0-9]+)", RegexOptions.Multiline)]
    private static partial Regex NodesOnline();
}
