using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class RebootTests
{
    [Fact]
    public async Task Power_loss_reboot_takes_a_new_boot_and_restarts_seq_at_1_after_the_birth()
    {
        var seed = TestSeed.Pick(201);
        var (fleet, clock, links) = Fleets.Recorded(1, seed);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(150), clock.Advance, TestContext.Current.CancellationToken);
        var device = fleet.Devices[0];
        Assert.Equal(1u, device.Agent.Boot);
        Assert.Equal(2u, device.Agent.Seq);
        var before = links[device.DeviceId].Published.Count;

        device.Reboot();
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(60), clock.Advance, TestContext.Current.CancellationToken);

        var after = links[device.DeviceId].Published.Skip(before).ToArray();
        Assert.Equal(device.Agent.Topics.Birth, after[0].Topic);
        Assert.Equal(device.Agent.Topics.State, after[1].Topic);
        Assert.Equal("online"u8.ToArray(), after[1].Payload);
        var birth = DeviceFrameCodec.Decode(after[0].Payload).Value;
        Assert.Equal((2u, 0u, FrameType.Birth), (birth.Boot, birth.Seq, birth.Type));
        var firstData = DeviceFrameCodec.Decode(after[2].Payload).Value;
        Assert.Equal((2u, 1u), (firstData.Boot, firstData.Seq));
        Assert.Equal(2u, device.BootCounter.Current);
    }

    [Fact]
    public async Task Power_loss_counts_the_readings_of_the_open_window_and_the_unsent_frames_as_lost()
    {
        var seed = TestSeed.Pick(202);
        var (fleet, clock, links) = Fleets.Recorded(1, seed);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        var device = fleet.Devices[0];
        var link = links[device.DeviceId];

        // Offline: two windows sealed into the ring and not sent, 30 s into the third.
        link.IsConnected = false;
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(150), clock.Advance, TestContext.Current.CancellationToken);
        Assert.Equal(2, device.Agent.BufferedFrames);
        device.Reboot();
        link.IsConnected = true;
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(60), clock.Advance, TestContext.Current.CancellationToken);

        var counts = fleet.GetReport().Devices[0].Counts;
        Assert.Equal(2, counts.FramesLostInReboots);
        Assert.Equal(3 * 150, counts.ReadingsLostInReboots);           // slots 1..150 s, three channels
        Assert.Equal(3 * (150 + 60), counts.ReadingsProduced);         // both boots
        Assert.Equal(3 * 29, counts.ReadingsPublished);                // the second boot's window [120 s, 180 s): 151..179
        Assert.Equal(counts.ReadingsProduced, counts.ReadingsPublished + counts.ReadingsLostInReboots + counts.ReadingsDropped + (3 * 31));
        Assert.Equal(1, counts.Reboots);
    }

    [Fact]
    public async Task Clean_restart_seals_the_open_window_under_the_old_boot_and_loses_nothing()
    {
        var seed = TestSeed.Pick(203);
        var (fleet, clock, links) = Fleets.Recorded(1, seed);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(90), clock.Advance, TestContext.Current.CancellationToken);
        var device = fleet.Devices[0];

        device.Reboot(losePower: false);
        var producedBeforeTheRestart = device.GetReport().Counts.ReadingsProduced;
        await fleet.StepAsync(TestContext.Current.CancellationToken); // publishing is the step's, not the reboot's

        var frames = links[device.DeviceId].Published
            .Where(p => p.Topic == device.Agent.Topics.Telemetry || p.Topic == device.Agent.Topics.Birth)
            .Select(p => DeviceFrameCodec.Decode(p.Payload).Value)
            .Select(f => (f.Boot, f.Seq, f.Type))
            .ToArray();
        Assert.Equal(
            [(1u, 0u, FrameType.Birth), (1u, 1u, FrameType.WindowSummary), (1u, 2u, FrameType.WindowSummary), (2u, 0u, FrameType.Birth)],
            frames);
        var counts = fleet.GetReport().Devices[0].Counts;
        Assert.Equal(0, counts.ReadingsLostInReboots);
        Assert.Equal(producedBeforeTheRestart, counts.ReadingsPublished); // the step's own sample opens the new boot's window
    }

    [Fact]
    public async Task Rebooting_devices_reboot_at_the_plan_rate()
    {
        var seed = TestSeed.Pick(204);
        var plan = new SimulationPlan { RebootFraction = 1, RebootsPerHour = 6 };
        var (fleet, clock, _) = Fleets.Recorded(10, seed, plan, new FleetSimulatorOptions { Seed = seed, TickInterval = TimeSpan.FromSeconds(10) });
        await using var __ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        await fleet.AdvanceAsync(TimeSpan.FromHours(2), clock.Advance, TestContext.Current.CancellationToken);

        var report = fleet.GetReport();
        Assert.InRange(report.Totals.Reboots, 80, 160);    // 10 devices × 2 h × 6/h = 120
        Assert.All(fleet.Devices, d => Assert.Equal((uint)(d.GetReport().Counts.Reboots + 1), d.BootCounter.Current));
    }
}
