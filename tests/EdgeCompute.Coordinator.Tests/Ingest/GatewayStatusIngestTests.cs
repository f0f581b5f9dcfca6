using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>Gateway status v1 and v2 through the real ingest path: both stored, a later key skipped, bad status bytes refused and counted.</summary>
public sealed class GatewayStatusIngestTests
{
    // {1: [], 2: {1: 870, 2: 512000000, 3: 12, 4: 1048576, 5: 3, 6: 41, 7: 2, 8: <value>}}
    private const string V2Prefix = "a2018002a801190366021a1e848000030c041a0010000005030618290702" + "08";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Sealed(IngestWorld world, string gatewayId, ulong seq, string rawHex) =>
        GatewayBatchCodec.Encode(BatchSealer.Seal(Convert.FromHexString(rawHex), gatewayId, 1, seq, BatchCodec.Brotli, world.GatewayKey(gatewayId)));

    [Fact]
    public async Task A_validly_signed_batch_whose_status_is_malformed_is_refused_counted_and_not_acked()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);

        var result = await world.IngestAsync(gatewayId, Sealed(world, gatewayId, 1, V2Prefix + "f5")); // connected devices: true

        Assert.Equal(IngestOutcome.Malformed, result.Outcome);
        Assert.Null(result.Ack);
        Assert.Equal(1, world.Ingestor.Counters.Batches(IngestOutcome.Malformed));
        Assert.Equal(0, (await world.Store.ReadStatsAsync(Ct)).BatchesStored);
        Assert.Empty(await ((IGatewayStatusReader)world.Store).ReadGatewayStatusesAsync(Ct));
    }

    [Fact]
    public async Task A_v1_status_a_v2_status_and_one_with_a_later_key_are_all_stored_and_the_latest_kept()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var reader = (IGatewayStatusReader)world.Store;

        Assert.Equal(IngestOutcome.Stored, (await world.IngestAsync(gatewayId, Sealed(world, gatewayId, 1, "a2018002a301190366021a1e848000030c"))).Outcome);
        Assert.Equal(new GatewayStatus(870, 512_000_000, 12), Assert.Single(await reader.ReadGatewayStatusesAsync(Ct)).Status);

        Assert.Equal(IngestOutcome.Stored, (await world.IngestAsync(gatewayId, Sealed(world, gatewayId, 2, V2Prefix + "08"))).Outcome);
        Assert.Equal(new GatewayStatus(870, 512_000_000, 12, 1_048_576, 3, 41, 2, 8), Assert.Single(await reader.ReadGatewayStatusesAsync(Ct)).Status);

        // a later gateway's key 9 ([1, "x"]) in a nine-key map: skipped, the rest stored
        var later = V2Prefix.Replace("a801190366", "a901190366", StringComparison.Ordinal) + "05" + "09820161" + "78";
        Assert.Equal(IngestOutcome.Stored, (await world.IngestAsync(gatewayId, Sealed(world, gatewayId, 3, later))).Outcome);
        Assert.Equal(5UL, Assert.Single(await reader.ReadGatewayStatusesAsync(Ct)).Status.ConnectedDevices);
        Assert.Equal(0, world.Ingestor.Counters.Batches(IngestOutcome.Malformed));
    }
}
