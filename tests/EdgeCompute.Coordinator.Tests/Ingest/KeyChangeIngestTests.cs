using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Ingest;

public sealed class KeyChangeIngestTests
{
    [Fact]
    public async Task Gateway_key_rotation_and_revocation_take_effect_for_the_next_batch()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        using var oldKey = world.GatewayKey(gatewayId);
        using var newKey = P256Keys.Generate();

        Assert.Equal(IngestOutcome.Stored, (await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, [], oldKey))).Outcome);
        world.Registry.RotateGatewayKey(gatewayId, P256Keys.ExportPublicKey(newKey));
        Assert.Equal(IngestOutcome.BadSignature, (await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 2, [], oldKey))).Outcome);
        Assert.Equal(IngestOutcome.Stored, (await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 3, [], newKey))).Outcome);
        world.Registry.RevokeGateway(gatewayId);
        Assert.Equal(IngestOutcome.RevokedGateway, (await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 4, [], newKey))).Outcome);
    }

    [Fact]
    public async Task Device_key_rotation_and_revocation_take_effect_for_the_next_frame()
    {
        var random = TestSeed.Random(4201);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var device = world.DevicesOf(gatewayId)[0];
        var (oldFrame, _) = IngestWorld.SummaryFrame(device, 1, 1, random);
        var newKeyHex = Convert.ToHexStringLower(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());

        world.Registry.RotateDeviceKey(device.Id, newKeyHex);
        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, [new DeviceFrameItem(oldFrame)]));
        Assert.Equal(1, world.Ingestor.Counters.BadMacs(gatewayId, device.Id));

        var (newFrame, readings) = IngestWorld.SummaryFrame(device with { KeyHex = newKeyHex }, 1, 2, random);
        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 2, [new DeviceFrameItem(newFrame)]));
        Assert.Equal(readings, (await world.Store.ReadStatsAsync(TestContext.Current.CancellationToken)).ReadingsStored);

        world.Registry.RevokeDevice(device.Id);
        var (late, _) = IngestWorld.SummaryFrame(device with { KeyHex = newKeyHex }, 1, 3, random);
        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 3, [new DeviceFrameItem(late)]));
        Assert.Equal(1, world.Ingestor.Counters.Frames(FrameCount.UnknownDevice));
    }
}
