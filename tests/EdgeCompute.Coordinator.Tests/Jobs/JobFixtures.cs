using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Jobs;

/// <summary>Specs, modules and kernel runs shared by the job tests.</summary>
internal static class JobFixtures
{
    private static readonly KernelReExecutor Kernels = new();

    /// <summary>A module header followed by filler: enough for the validator and the size check (nothing runs it here).</summary>
    public static byte[] Module(int length = 64)
    {
        var module = new byte[length];
        "\0asm\u0001\0\0\0"u8.CopyTo(module);
        for (var i = 8; i < length; i++)
        {
            module[i] = (byte)i;
        }

        return module;
    }

    public static JobPlan Plan(JobSpec spec, string jobId = "job-1", IReadOnlyList<string>? gateways = null)
    {
        var result = JobPlanner.Plan(jobId, spec, gateways ?? []);
        Assert.True(result.IsSuccess, result.Detail);
        return result.Plan!;
    }

    /// <summary>Runs a planned kernel task with the firmware core, within its planned budget, as an honest device would.</summary>
    public static TaskResult Run(PlannedTask task) =>
        Kernels.ReExecute(new TaskAssignment(task.TaskId, 0, "device-1", task.Parameters, checked((uint)task.Budget), 1));

    public static TaskOutput[] RunAll(JobPlan plan) =>
        [.. plan.Tasks.Select(t => new TaskOutput(t.Index, "device-1", Run(t).Output, null))];
}
