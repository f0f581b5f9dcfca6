using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Verification;

/// <summary>Assignments and results for verification tests; honest results come from the firmware core's kernels.</summary>
internal static class TaskFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly KernelReExecutor Kernels = new();

    public static MonteCarloPiParameters Pi { get; } = new(42, 1_000);

    public static TaskAssignment Assignment(string taskId, uint slot, string deviceId, KernelParameters parameters, uint opBudget = 1_000_000) =>
        new(taskId, slot, deviceId, parameters, opBudget, Start.AddMinutes(5).ToUnixTimeMilliseconds());

    public static SubmittedResult Honest(TaskAssignment assignment) => new(assignment, Kernels.ReExecute(assignment));

    public static SubmittedResult WithOutput(TaskAssignment assignment, KernelOutput output)
    {
        var honest = Kernels.ReExecute(assignment);
        return new(assignment, honest with { Output = output });
    }

    public static SubmittedResult Replica(string taskId, uint slot, string deviceId, KernelParameters parameters, KernelOutput? wrongOutput = null)
    {
        var assignment = Assignment(taskId, slot, deviceId, parameters);
        return wrongOutput is null ? Honest(assignment) : WithOutput(assignment, wrongOutput);
    }
}
