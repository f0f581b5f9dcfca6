using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// More open tasks than a pass takes (<see cref="WorkOptions.TasksPerPass"/>): successive passes take successive
/// windows, so an older job no node can run now does not keep a newer one from being placed.
/// </summary>
public sealed class TaskIssueWindowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_older_job_nobody_can_run_does_not_starve_a_newer_job_behind_it_in_the_window()
    {
        var seed = TestSeed.Pick(4121);
        await using var world = await WorkWorld.CreateAsync(seed, new WorkOptions { TasksPerPass = 2 });
        var submitter = world.Owner(0);
        await world.FundAsync(submitter, 100_000);
        var blocked = await world.SubmitAsync(new MonteCarloPiJobSpec(400_000, 50_000, 7), submitter); // 8 tasks, oldest
        foreach (var device in world.Fleet.Coordinator.Devices)
        {
            // born again, after the job was accepted, able to count primes only: nothing online runs Monte Carlo π (a job
            // submitted now would be refused: no registered device announces it)
            world.Nodes.DeviceBirth(device.GatewayId, device.Id, 2, new DeviceBirth("1.0.0", "esp32", [KernelNames.PrimesCount], 320_000, 240, []));
        }

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var primes = await world.SubmitAsync(new PrimesJobSpec(0, 50_000, 25_000), submitter); // 2 tasks, behind them

        var rounds = 0;
        var firstPrimesRound = 0;
        while (rounds++ < 30 && (await world.Store.FindJobAsync(primes, Ct))!.Status == JobStatus.Running)
        {
            await world.UseCases.Issue.PumpAsync(Ct);
            if (firstPrimesRound == 0 && world.Published.All.Count > 0)
            {
                firstPrimesRound = rounds;
            }

            await world.AnswerDeviceTasksAsync();
            world.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: first primes task issued in pass {firstPrimesRound}, primes job done after {rounds} passes, " +
            $"{world.Published.All.Count} tasks published");
        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(primes, Ct))!.Status);
        Assert.Equal(5, firstPrimesRound); // four windows of two Monte Carlo tasks, then the primes tasks
        Assert.All(world.Published.All, t => Assert.StartsWith(primes, TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId, StringComparison.Ordinal));
        Assert.Equal(JobStatus.Running, (await world.Store.FindJobAsync(blocked, Ct))!.Status);
    }
}
