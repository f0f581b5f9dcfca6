using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds;

/// <summary>
/// One job kind as a plug-in: its wire name, spec and result types, checks, plan, merge, default verification, result
/// summary and submit forms. <see cref="JobSpecValidator"/>, <see cref="JobPlanner"/>, <see cref="JobMerger"/> and
/// <see cref="JobJson"/> do what every kind shares and call the kind for the rest. Register a kind in
/// <see cref="JobKinds.All"/>; derive from <see cref="JobKind{TSpec, TResult}"/> rather than implementing this directly.
/// </summary>
public interface IJobKind
{
    /// <summary>The wire name: the JSON discriminator <c>kind</c> and the stored job kind.</summary>
    string Name { get; }

    /// <summary>The spec type (a sealed <see cref="JobSpec"/> whose <see cref="JobSpec.Kind"/> is <see cref="Name"/>).</summary>
    Type SpecType { get; }

    /// <summary>The result type (a sealed <see cref="JobResult"/> whose <see cref="JobResult.Kind"/> is <see cref="Name"/>).</summary>
    Type ResultType { get; }

    /// <summary>The verification a spec of this kind gets when it names none.</summary>
    JobVerificationPolicy DefaultVerification { get; }

    /// <summary>The spec field that sets the task count (named when a job makes more than <see cref="JobLimits.MaxTasksPerJob"/> tasks).</summary>
    string TaskCountField { get; }

    /// <summary>The forms a submitter fills in to make a spec of this kind (the CLI's <c>submit</c> commands); may be empty.</summary>
    IReadOnlyList<JobForm> Forms { get; }

    /// <summary>Checks the kind's own fields (not the verification policy, not the task count limit).</summary>
    /// <param name="spec">A spec of <see cref="SpecType"/>.</param>
    /// <returns><see cref="JobSpecCheck.Ok"/>, or the first problem found.</returns>
    JobSpecCheck Check(JobSpec spec);

    /// <summary>Checks what this kind allows of a policy beyond the shared rules (e.g. which methods suit it).</summary>
    /// <param name="policy">The spec's policy, its method defined.</param>
    /// <returns><see cref="JobSpecCheck.Ok"/>, or the problem.</returns>
    JobSpecCheck CheckVerification(JobVerificationPolicy policy);

    /// <summary>The number of tasks a checked spec makes, or null when it depends on the region (<see cref="Region"/>).</summary>
    /// <param name="spec">A spec that passed <see cref="Check"/>.</param>
    /// <returns>The count, or null.</returns>
    ulong? TaskCount(JobSpec spec);

    /// <summary>
    /// The geohash prefix whose gateways each get one task pinned to them (a data-local kind), or null when the tasks go
    /// to any eligible node.
    /// </summary>
    /// <param name="spec">A spec of <see cref="SpecType"/>.</param>
    /// <returns>The prefix, or null.</returns>
    string? Region(JobSpec spec);

    /// <summary>
    /// The WebAssembly module every task of a spec runs on gateways (checked against the host ABI at submit and when a
    /// gateway reports it malformed), or null for a kind that runs device kernels.
    /// </summary>
    /// <param name="spec">A spec of <see cref="SpecType"/>.</param>
    /// <returns>The module's bytes, or null.</returns>
    byte[]? WasmModule(JobSpec spec);

    /// <summary>The linear memory limit each task of a spec runs under, for a kind with a <see cref="WasmModule"/>; null otherwise.</summary>
    /// <param name="spec">A spec of <see cref="SpecType"/>.</param>
    /// <returns>The limit in bytes, or null.</returns>
    ulong? WasmMemoryBytes(JobSpec spec);

    /// <summary>Splits a checked spec into tasks, numbered from 0, ids from <see cref="JobPlanner.TaskId"/>.</summary>
    /// <param name="jobId">The job id (checked).</param>
    /// <param name="spec">A spec that passed <see cref="Check"/>.</param>
    /// <param name="regionGateways">For a data-local kind, the gateways of <see cref="Region"/> (checked: 1 or more, distinct); empty otherwise.</param>
    /// <returns>The tasks in index order.</returns>
    IReadOnlyList<PlannedTask> Plan(string jobId, JobSpec spec, IReadOnlyList<string> regionGateways);

    /// <summary>Joins one output per task, in index order (count and indexes already checked), into the job's result.</summary>
    /// <param name="spec">A spec that passed <see cref="Check"/>.</param>
    /// <param name="outputs">Output i belongs to task i.</param>
    /// <returns>The result, or why the outputs do not merge.</returns>
    JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs);

    /// <summary>One line describing a result, for logs, the API's job list and the demo's table.</summary>
    /// <param name="result">A result of <see cref="ResultType"/>.</param>
    /// <returns>The line.</returns>
    string Describe(JobResult result);
}
