using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host.Running;

namespace EdgeCompute.Coordinator.Reexecution;

/// <summary>
/// The coordinator's run of one WebAssembly task, made before judging (outside the work lock, with
/// <see cref="WasmReexecutor"/>), handed to the judge as its module re-executor: the result an honest gateway sends for
/// that run — the same status, fuel and output hash (<see cref="GatewayResultBody.ToTaskResult(string, uint, GatewayTaskStatus, ulong, byte[], GatewayTaskOutputBlob?, string)"/>)
/// — for each slot of that task. Without a run (the task could not be re-executed here) it runs nothing, and the
/// quorum's outcomes stand.
/// </summary>
/// <param name="taskId">The task that was run.</param>
/// <param name="run">How the run ended, or null when there was none.</param>
public sealed class ReExecutedModule(string taskId, RunResult? run) : IModuleReExecutor
{
    /// <inheritdoc />
    public bool CanReExecute(string kernel) => run is not null && kernel is KernelNames.Wasm or KernelNames.WasmBlob;

    /// <inheritdoc />
    public TaskResult ReExecute(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (run is null || !string.Equals(assignment.TaskId, taskId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"this re-execution is of task {taskId}, not {assignment.TaskId}");
        }

        return GatewayResultBody.ToTaskResult(assignment.TaskId, assignment.Slot, StatusOf(run.Outcome), run.Fuel, run.Output.ToArray(), null, assignment.Kernel);
    }

    /// <summary>The status a gateway reports for a run that ended so (as the gateway's task runner maps it).</summary>
    /// <param name="outcome">How the run ended.</param>
    /// <returns>The status.</returns>
    public static GatewayTaskStatus StatusOf(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Ok => GatewayTaskStatus.Ok,
        RunOutcome.OutOfFuel => GatewayTaskStatus.OutOfFuel,
        RunOutcome.MemoryLimit => GatewayTaskStatus.MemoryLimit,
        RunOutcome.Deadline => GatewayTaskStatus.Deadline,
        RunOutcome.Trap => GatewayTaskStatus.Trap,
        RunOutcome.BadOutput => GatewayTaskStatus.BadOutput,
        _ => GatewayTaskStatus.Cancelled,
    };
}
