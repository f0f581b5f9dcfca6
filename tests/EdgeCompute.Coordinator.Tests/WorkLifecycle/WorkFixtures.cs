using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.WorkLifecycle;

/// <summary>Stored-shape assignments and results of one <c>mc.pi</c> task; honest results come from the kernels the coordinator re-executes.</summary>
internal static class WorkFixtures
{
    public const string TaskId = "job-1-0";
    public const long Now = 1_800_000_000_000;

    internal static readonly KernelReExecutor Kernels = new();

    public static TaskRecord Task(WorkTaskStatus status = WorkTaskStatus.Open) =>
        new(TaskId, "job-1", 0, KernelNames.MonteCarloPi, [], status, null, null, 1);

    public static TaskAssignment Issued(uint slot, string node) =>
        new(TaskId, slot, node, new MonteCarloPiParameters(42, 1_000), 1_000, Now + 60_000);

    public static AssignmentRecord Assignment(uint slot, string node, AssignmentState state) =>
        new(TaskId, slot, node, "gw-1", "owner-" + node, TaskAssignmentCodec.Encode(Issued(slot, node)), Now, Now + 60_000, state);

    /// <summary>The honest result body of (slot, node); <paramref name="claimedSlot"/> makes it name another slot.</summary>
    public static byte[] HonestBody(uint slot, string node, uint? claimedSlot = null) =>
        TaskResultCodec.Encode(Kernels.ReExecute(Issued(slot, node)) with { Slot = claimedSlot ?? slot });

    public static ResultRecord Result(uint slot, string node, ResultVerdict verdict = ResultVerdict.Pending, byte[]? body = null) =>
        new(TaskId, slot, node, "gw-1", "owner-" + node, body ?? HonestBody(slot, node), Now, verdict, "", 0, verdict == ResultVerdict.Pending ? null : Now);

    public static JobVerificationPolicy AcceptEvery { get; } = new(VerificationMethod.SampledReExecution, Quorum: 1, Replicas: 1, SamplingRate: 0);

    public static TaskJudge Judge() => new(Kernels, null, new AdaptiveReplication(10, 0.1), new Random(7));
}
