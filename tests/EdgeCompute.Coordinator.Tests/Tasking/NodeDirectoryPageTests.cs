using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Tasking;

/// <summary>
/// <see cref="NodeDirectory.Page"/> (what <c>GET /api/nodes</c> reads) gives exactly the nodes and values of
/// <see cref="NodeDirectory.Snapshot"/> (what the scheduler reads), filtered, whichever way it is paged.
/// </summary>
public sealed class NodeDirectoryPageTests
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.MonteCarloPi, KernelNames.PowSha256], 320_000, 240, []);

    [Fact]
    public void Pages_by_cursor_and_by_offset_hold_the_snapshots_nodes_for_every_filter()
    {
        var seed = TestSeed.Pick(1807);
        var random = new Random(seed);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000));
        var directory = new NodeDirectory(new NodeDirectoryOptions(), clock);
        var gateways = Enumerable.Range(0, 6).Select(g => $"gw-{g:D2}").ToList();
        foreach (var gateway in gateways.Take(5)) // gw-05 is only heard of by its state: never born, so never online
        {
            directory.GatewayBirth(new GatewayBirth(gateway, 1, 0, 4, 1L << 30, random.Next(2) == 0, [], "u4pruyd" + gateway[^1], []));
        }

        directory.GatewayState("gw-05", online: true);
        for (var d = 0; d < 60; d++)
        {
            var id = $"dev-{random.Next(1_000):D3}-{d}";
            var gateway = gateways[random.Next(gateways.Count)];
            switch (random.Next(4))
            {
                case 0: directory.DeviceState(gateway, new DeviceStateItem(id, Online: true, TimeMs: d)); break; // no birth: runs nothing, so offline
                case 1:
                    directory.DeviceBirth(gateway, id, 1, Birth);
                    directory.DeviceState(gateway, new DeviceStateItem(id, Online: false, TimeMs: d));
                    break;
                default: directory.DeviceBirth(gateway, id, 1, Birth); break;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        directory.GatewayState("gw-03", online: false);
        clock.Advance(TimeSpan.FromSeconds(20));
        directory.GatewayStatus("gw-02", new GatewayStatus(500, 1_000, 0)); // gw-02 speaks; the others fall silent past the limit
        clock.Advance(new NodeDirectoryOptions().GatewaySilenceLimit - TimeSpan.FromSeconds(10));
        var snapshot = directory.Snapshot().ToList();
        Assert.Contains(snapshot, n => n.Online);
        Assert.Contains(snapshot, n => !n.Online && n.IsGateway);

        NodeFilter[] filters =
        [
            NodeFilter.All, new(Gateway: "gw-01"), new(Gateway: "gw-03"), new(Online: true), new(Online: false), new(IsGateway: true), new(IsGateway: false),
            new(Include: (id, isGateway) => isGateway || id.GetHashCode(StringComparison.Ordinal) % 3 == 0), new(Gateway: "gw-02", Online: true, IsGateway: false),
            new(Gateway: "nowhere"),
        ];
        foreach (var filter in filters)
        {
            var expected = snapshot.Where(n => (filter.Gateway is null || n.GatewayId == filter.Gateway) && (filter.Online is null || n.Online == filter.Online)
                && (filter.IsGateway is null || n.IsGateway == filter.IsGateway) && (filter.Include is null || filter.Include(n.NodeId, n.IsGateway))).Select(Shown).ToList();
            foreach (var limit in new[] { 1, 4, 7, 1_000 })
            {
                var byCursor = new List<string>();
                string? after = null;
                for (var more = true; more;)
                {
                    var page = directory.Page(filter, after, 0, limit);
                    Assert.Equal((expected.Count, byCursor.Count), (page.Total, page.Before));
                    byCursor.AddRange(page.Items.Select(Shown));
                    more = page.More;
                    after = page.Items.LastOrDefault()?.NodeId;
                }

                var byOffset = new List<string>();
                for (var offset = 0; offset < expected.Count || offset == 0; offset += limit)
                {
                    var page = directory.Page(filter, null, offset, limit);
                    Assert.Equal(offset + limit < expected.Count, page.More);
                    byOffset.AddRange(page.Items.Select(Shown));
                }

                Assert.Equal(expected, byOffset);
                Assert.Equal(expected, byCursor);
            }
        }
    }

    [Fact]
    public void A_page_past_the_end_is_empty_and_counts_every_match_before_it()
    {
        var directory = new NodeDirectory();
        directory.GatewayBirth(new GatewayBirth("gw-01", 1, 0, 4, 1L << 30, false, [], "", []));
        directory.DeviceBirth("gw-01", "dev-a", 1, Birth);

        var page = directory.Page(NodeFilter.All, null, 5, 10);
        var after = directory.Page(NodeFilter.All, "zzz", 0, 10);

        Assert.Equal((0, 2, 2, false), (page.Items.Count, page.Total, page.Before, page.More));
        Assert.Equal((0, 2, 2, false), (after.Items.Count, after.Total, after.Before, after.More));
    }

    private static string Shown(NodeInfo n) =>
        $"{n.NodeId}|{n.IsGateway}|{n.GatewayId}|{n.Online}|{string.Join(",", n.Kernels.Order(StringComparer.Ordinal))}|{n.Capacity}|{n.Geohash}|{n.LastSeen:O}";
}
