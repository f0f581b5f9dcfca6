using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;
using CoreKernelOutput = EdgeCompute.Firmware.Kernels.KernelOutput;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class CheaterTests
{
    [Fact]
    public async Task Cheater_results_carry_a_valid_mac_and_a_wrong_output_and_honest_ones_are_right()
    {
        var seed = TestSeed.Pick(301);
        var plan = new SimulationPlan();
        plan.Explicit["dev-0001"] = DeviceBehavior.Honest;
        plan.Explicit["dev-0002"] = DeviceBehavior.Cheater;
        var (fleet, clock, links) = Fleets.Recorded(2, seed, plan);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        var tasks = new Dictionary<string, byte[]>();
        foreach (var device in fleet.Devices)
        {
            tasks[device.DeviceId + "/pi"] = Fleets.PiTask(device.DeviceId, "job-1-pi", 42);
            tasks[device.DeviceId + "/primes"] = Fleets.PrimesTask(device.DeviceId, "job-1-primes", 1000, 5000);
            links[device.DeviceId].DeliverTask(tasks[device.DeviceId + "/pi"]);
            links[device.DeviceId].DeliverTask(tasks[device.DeviceId + "/primes"]);
        }

        await fleet.AdvanceAsync(TimeSpan.FromSeconds(5), clock.Advance, TestContext.Current.CancellationToken);

        var identities = Fleets.Identities(2, seed).ToDictionary(i => i.DeviceId);
        foreach (var device in fleet.Devices)
        {
            var results = links[device.DeviceId].Published.Where(p => p.Topic == device.Agent.Topics.Result).ToArray();
            Assert.Equal(2, results.Length);
            foreach (var published in results)
            {
                var frame = DeviceFrameCodec.Decode(published.Payload).Value;
                var result = TaskResultCodec.Decode(frame.Body).Value;
                var assignment = tasks[device.DeviceId + (result.TaskId.EndsWith("pi", StringComparison.Ordinal) ? "/pi" : "/primes")];
                Assert.True(DeviceFrameMac.Verify(frame, identities[device.DeviceId].Key, assignment));
                Assert.Equal(TaskResultStatus.Ok, result.Status);
                var truth = Expected(assignment);
                if (device.Behavior == DeviceBehavior.Cheater)
                {
                    Assert.NotEqual(truth, result.Output);
                }
                else
                {
                    Assert.Equal(truth, result.Output);
                }
            }
        }

        var report = fleet.GetReport();
        Assert.Equal(2, report.Devices[1].Counts.ResultsFalsified);
        Assert.Equal(0, report.Devices[0].Counts.ResultsFalsified);
    }

    [Fact]
    public async Task Cheater_falsifies_about_its_stated_share_of_results()
    {
        var seed = TestSeed.Pick(302);
        var plan = new SimulationPlan { CheaterFraction = 1, CheatRate = 0.3 };
        var (fleet, clock, links) = Fleets.Recorded(1, seed, plan);
        await using var _ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        var device = fleet.Devices[0];
        for (var i = 0; i < 200; i++)
        {
            links[device.DeviceId].DeliverTask(Fleets.PiTask(device.DeviceId, $"job-2-t{i}", (ulong)i, 100));
            await fleet.AdvanceAsync(TimeSpan.FromSeconds(1), clock.Advance, TestContext.Current.CancellationToken);
        }

        var counts = fleet.GetReport().Devices[0].Counts;
        Assert.Equal(200, counts.ResultsSent);
        Assert.InRange(counts.ResultsFalsified, 40, 80);    // 30 % of 200 = 60
    }

    private static Protocol.Tasks.KernelOutput Expected(byte[] assignmentBytes)
    {
        var assignment = new Core.Frames.TaskAssignment();
        Assert.Equal(0, new TaskAssignmentReader().Read(assignmentBytes, 0, assignmentBytes.Length, assignment));
        var output = new CoreKernelOutput();
        new TaskRunner().Run(assignment, Fleets.Start.ToUnixTimeMilliseconds(), output);
        return assignment.Kernel == "mc.pi"
            ? new MonteCarloPiOutput((ulong)output.Numbers[0], (ulong)output.Numbers[1])
            : new PrimesCountOutput((ulong)output.Numbers[0]);
    }
}
