using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class LazyTests
{
    [Fact]
    public async Task Lazy_device_never_answers_but_counts_the_tasks_and_keeps_sending_telemetry()
    {
        var seed = TestSeed.Pick(401);
        var plan = new SimulationPlan();
        plan.Explicit["dev-0001"] = DeviceBehavior.Lazy;
        var (fleet, clock, links) = Fleets.Recorded(1, seed, plan);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        var device = fleet.Devices[0];
        for (var i = 0; i < 5; i++)
        {
            links[device.DeviceId].DeliverTask(Fleets.PiTask(device.DeviceId, $"job-3-t{i}", (ulong)i));
        }

        await fleet.AdvanceAsync(TimeSpan.FromMinutes(3), clock.Advance, TestContext.Current.CancellationToken);

        var counts = fleet.GetReport().Devices[0].Counts;
        Assert.Equal((5L, 5L, 0L), (counts.TasksReceived, counts.TasksIgnored, counts.ResultsSent));
        Assert.Equal(0, device.Agent.TasksAccepted);
        Assert.DoesNotContain(links[device.DeviceId].Published, p => p.Topic == device.Agent.Topics.Result);
        Assert.Equal(3, counts.TelemetryFramesPublished);
    }
}
