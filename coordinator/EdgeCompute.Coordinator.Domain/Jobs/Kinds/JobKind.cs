using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds;

/// <summary>
/// The base of a job kind with typed spec and result: does the casts of <see cref="IJobKind"/>, so a kind writes only
/// its own rules. By default a kind makes tasks for any eligible node (no region), has no submit form, and refuses
/// <see cref="VerificationMethod.DirectPow"/>, which only the <c>pow</c> kind can check.
/// </summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public abstract class JobKind<TSpec, TResult> : IJobKind
    where TSpec : JobSpec
    where TResult : JobResult
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public Type SpecType => typeof(TSpec);

    /// <inheritdoc/>
    public Type ResultType => typeof(TResult);

    /// <inheritdoc/>
    public abstract JobVerificationPolicy DefaultVerification { get; }

    /// <inheritdoc/>
    public virtual string TaskCountField => "chunkSize";

    /// <inheritdoc/>
    public virtual IReadOnlyList<JobForm> Forms => [];

    /// <inheritdoc/>
    public JobSpecCheck Check(JobSpec spec) => Check((TSpec)spec);

    /// <inheritdoc/>
    public virtual JobSpecCheck CheckVerification(JobVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Method == VerificationMethod.DirectPow
            ? JobSpecCheck.Fail("verification.method", "directPow verifies pow jobs only")
            : JobSpecCheck.Ok;
    }

    /// <inheritdoc/>
    public ulong? TaskCount(JobSpec spec) => TaskCount((TSpec)spec);

    /// <inheritdoc/>
    public string? Region(JobSpec spec) => Region((TSpec)spec);

    /// <inheritdoc/>
    public byte[]? WasmModule(JobSpec spec) => WasmModule((TSpec)spec);

    /// <inheritdoc/>
    public ulong? WasmMemoryBytes(JobSpec spec) => WasmMemoryBytes((TSpec)spec);

    /// <inheritdoc/>
    public IReadOnlyList<PlannedTask> Plan(string jobId, JobSpec spec, IReadOnlyList<string> regionGateways) => Plan(jobId, (TSpec)spec, regionGateways);

    /// <inheritdoc/>
    public JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs) => Merge((TSpec)spec, outputs);

    /// <inheritdoc/>
    public string Describe(JobResult result) => Describe((TResult)result);

    /// <inheritdoc cref="IJobKind.Check"/>
    protected abstract JobSpecCheck Check(TSpec spec);

    /// <inheritdoc cref="IJobKind.TaskCount"/>
    protected abstract ulong? TaskCount(TSpec spec);

    /// <inheritdoc cref="IJobKind.Region"/>
    protected virtual string? Region(TSpec spec) => null;

    /// <inheritdoc cref="IJobKind.WasmModule"/>
    protected virtual byte[]? WasmModule(TSpec spec) => null;

    /// <inheritdoc cref="IJobKind.WasmMemoryBytes"/>
    protected virtual ulong? WasmMemoryBytes(TSpec spec) => null;

    /// <inheritdoc cref="IJobKind.Plan"/>
    protected abstract IReadOnlyList<PlannedTask> Plan(string jobId, TSpec spec, IReadOnlyList<string> regionGateways);

    /// <inheritdoc cref="IJobKind.Merge"/>
    protected abstract JobMergeResult Merge(TSpec spec, IReadOnlyList<TaskOutput> outputs);

    /// <inheritdoc cref="IJobKind.Describe"/>
    protected abstract string Describe(TResult result);

    /// <summary>A device task running a kernel chunk, its budget the ops a complete run uses.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="index">The task index.</param>
    /// <param name="parameters">The kernel parameters.</param>
    /// <param name="budget">The op budget.</param>
    /// <returns>The task.</returns>
    protected static PlannedTask DeviceTask(string jobId, int index, EdgeCompute.Protocol.Tasks.KernelParameters parameters, ulong budget) =>
        new(JobPlanner.TaskId(jobId, index), index, parameters, TaskTarget.Device, null, budget);

    /// <summary>The failure for an output of the wrong type.</summary>
    /// <param name="index">The task index.</param>
    /// <param name="expected">What it needs.</param>
    /// <returns>The failure.</returns>
    protected static JobMergeResult WrongType(int index, string expected) =>
        JobMergeResult.WrongType(index, expected);
}
