using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>
/// A device that uses a boot twice (a re-flashed board that lost its counter, a copied key) is noticed: counted per
/// device in the store, logged once per (device, boot), and summarised while its frames keep colliding — never one line
/// per refused frame.
/// </summary>
public sealed class BootReuseTests
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.PrimesCount], 320_000, 240, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_birth_below_the_highest_stored_boot_is_recorded_once_and_logged_once()
    {
        var random = TestSeed.Random(1411);
        await using var world = await IngestWorld.CreateAsync();
        var (ingestor, log) = Ingestor(world);
        var gateway = world.GatewayId(0);
        var device = world.DevicesOf(gateway)[0];

        await IngestAsync(ingestor, world, gateway, 1, [Born(device, 3), Summary(device, 3, 1, random), Summary(device, 3, 2, random)]);
        await IngestAsync(ingestor, world, gateway, 2, [Born(device, 1), Summary(device, 1, 1, random)]); // re-flashed: counter back to 1
        await IngestAsync(ingestor, world, gateway, 3, [Born(device, 1), Summary(device, 1, 2, random)]); // reconnects under that boot

        var reuse = Assert.Single(await world.Sqlite.ReadBootReuseAsync(Ct));
        Assert.Equal((device.Id, 1, 0L, 1u), (reuse.DeviceId, reuse.Boots, reuse.FramesRefused, reuse.LastBoot));
        Assert.Equal(1, Warnings(log, "uses boot 1 a second time"));
        Assert.Equal(1, ingestor.BootReuse.Boots);
    }

    [Fact]
    public async Task Frames_colliding_under_a_repeated_boot_are_counted_per_device_and_summarised_not_logged_one_by_one()
    {
        var random = TestSeed.Random(1412);
        await using var world = await IngestWorld.CreateAsync();
        var (ingestor, log) = Ingestor(world);
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var (first, second) = (devices[0], devices[1]);

        await IngestAsync(ingestor, world, gateway, 1, [Born(first, 1), .. Frames(first, 1, 1, 5, random), Born(second, 2), .. Frames(second, 2, 1, 3, random)]);
        // a second simulator run that forgot its boots: the same births (same bytes), other frames under the same keys
        var second1 = await IngestAsync(ingestor, world, gateway, 2, [Born(first, 1), .. Frames(first, 1, 1, 5, random)]);
        await IngestAsync(ingestor, world, gateway, 3, [.. Frames(first, 1, 6, 7, random), .. Frames(second, 2, 1, 3, random)]);
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        await IngestAsync(ingestor, world, gateway, 4, []);
        await IngestAsync(ingestor, world, gateway, 5, []);

        Assert.Equal(5, second1.Commit!.Frames.Count(f => f == Protocol.Sequencing.SequenceClass.Conflict));
        var stored = (await world.Sqlite.ReadBootReuseAsync(Ct)).ToDictionary(r => r.DeviceId);
        Assert.Equal((1, 5L, 1u), (stored[first.Id].Boots, stored[first.Id].FramesRefused, stored[first.Id].LastBoot));
        Assert.Equal((1, 3L, 2u), (stored[second.Id].Boots, stored[second.Id].FramesRefused, stored[second.Id].LastBoot));
        Assert.Equal(8, ingestor.BootReuse.FramesRefused);
        Assert.Equal(1, Warnings(log, $"Device {first.Id} uses boot 1 a second time"));
        Assert.Equal(1, Warnings(log, $"Device {second.Id} uses boot 2 a second time"));
        var summary = Assert.Single(log.Collector.GetSnapshot(), r => r.Message.StartsWith("Reused device boots", StringComparison.Ordinal));
        Assert.Contains("8 frame(s) from 2 device(s)", summary.Message, StringComparison.Ordinal);
        Assert.Equal(3, log.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning)); // two boots and one summary for 8 refused frames
    }

    [Fact]
    public async Task A_device_that_reconnects_and_announces_the_same_boot_again_is_not_a_reuse()
    {
        var random = TestSeed.Random(1413);
        await using var world = await IngestWorld.CreateAsync();
        var (ingestor, log) = Ingestor(world);
        var gateway = world.GatewayId(0);
        var device = world.DevicesOf(gateway)[0];

        await IngestAsync(ingestor, world, gateway, 1, [Born(device, 4), .. Frames(device, 4, 1, 3, random)]);
        await IngestAsync(ingestor, world, gateway, 2, [Born(device, 4), .. Frames(device, 4, 4, 6, random)]);
        await IngestAsync(ingestor, world, gateway, 3, [Born(device, 5), .. Frames(device, 5, 1, 2, random)]); // a real reboot

        Assert.Empty(await world.Sqlite.ReadBootReuseAsync(Ct));
        Assert.Equal(0, log.Collector.GetSnapshot().Count(r => r.Level >= LogLevel.Warning));
    }

    private static (BatchIngestor Ingestor, FakeLogger<BatchIngestor> Log) Ingestor(IngestWorld world)
    {
        var log = new FakeLogger<BatchIngestor>();
        return (new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, new BatchIngestorOptions(), world.Clock, log), log);
    }

    private static int Warnings(FakeLogger<BatchIngestor> log, string text) =>
        log.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.Contains(text, StringComparison.Ordinal));

    private static async Task<BatchIngestResult> IngestAsync(BatchIngestor ingestor, IngestWorld world, string gateway, ulong seq, IReadOnlyList<BatchItem> items)
    {
        var result = await ingestor.IngestAsync(IngestWorld.Up(gateway), world.Seal(gateway, 1, seq, items), Ct);
        Assert.Equal(IngestOutcome.Stored, result.Outcome);
        return result;
    }

    private static DeviceFrameItem Born(DeviceRecord device, uint boot) => new(NodeFrames.BirthFrame(device, boot, Birth));

    private static DeviceFrameItem Summary(DeviceRecord device, uint boot, uint seq, Random random) => new(IngestWorld.SummaryFrame(device, boot, seq, random).Frame);

    private static IEnumerable<DeviceFrameItem> Frames(DeviceRecord device, uint boot, uint fromSeq, uint toSeq, Random random)
    {
        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            yield return Summary(device, boot, seq, random);
        }
    }
}
