using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;

/// <summary>
/// <c>primes</c>: a prime count over [from, to), one <c>primes.count</c> device task per
/// <see cref="PrimesJobSpec.ChunkSize"/> numbers (budget: the exact kernel ops, <see cref="PrimeCountOps"/>). Verified by
/// <see cref="VerificationMethod.AdaptiveReplication"/>: 2 of 2 while a node is untrusted, trusted after 10 checked
/// results, 10 % spot checks.
/// </summary>
public sealed class PrimesJobKind : JobKind<PrimesJobSpec, PrimesJobResult>
{
    /// <summary>The wire name.</summary>
    public const string KindName = "primes";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override JobVerificationPolicy DefaultVerification { get; } =
        new(VerificationMethod.AdaptiveReplication, Quorum: 2, Replicas: 2, TrustAfter: 10, SpotCheckRate: 0.1);

    /// <inheritdoc/>
    public override IReadOnlyList<JobForm> Forms { get; } =
    [
        new("primes", "Count the primes in [from, to) (primes).",
            [
                JobFormField.Needed("from", JobFormFieldType.Count, "The first number (inclusive).", "N"),
                JobFormField.Needed("to", JobFormFieldType.Count, "The end (exclusive), at most 2^32.", "N"),
                JobFormField.Defaulted("chunk", JobFormFieldType.Count, "Numbers per task.", "N", 100_000UL),
            ],
            v => new PrimesJobSpec(v.Count("from"), v.Count("to"), v.Count("chunk"))),
    ];

    /// <inheritdoc/>
    protected override JobSpecCheck Check(PrimesJobSpec spec) =>
        spec.To > PrimesCountParameters.MaxTo ? JobSpecCheck.Fail("to", $"to must be at most 2^32 = {PrimesCountParameters.MaxTo}, found {spec.To}")
        : spec.From >= spec.To ? JobSpecCheck.Fail("from", $"from ({spec.From}) must be below to ({spec.To}); the range [from, to) is half-open")
        : JobChunks.Check("chunkSize", spec.ChunkSize, PrimesCountParameters.MaxSpan, "numbers");

    /// <inheritdoc/>
    protected override ulong? TaskCount(PrimesJobSpec spec) => JobChunks.Count(spec.To - spec.From, spec.ChunkSize);

    /// <inheritdoc/>
    protected override IReadOnlyList<PlannedTask> Plan(string jobId, PrimesJobSpec spec, IReadOnlyList<string> regionGateways)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(spec.To - spec.From, spec.ChunkSize)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (from, length) = JobChunks.At(spec.From, spec.To - spec.From, spec.ChunkSize, i);
            tasks[i] = DeviceTask(jobId, i, new PrimesCountParameters(from, from + length), PrimeCountOps.For(from, from + length));
        }

        return tasks;
    }

    /// <inheritdoc/>
    protected override JobMergeResult Merge(PrimesJobSpec spec, IReadOnlyList<TaskOutput> outputs)
    {
        var total = 0UL;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Kernel is not PrimesCountOutput output)
            {
                return WrongType(i, nameof(PrimesCountOutput));
            }

            var (from, length) = JobChunks.At(spec.From, spec.To - spec.From, spec.ChunkSize, i);
            if (output.Count > length)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.OutputDoesNotMatchTask, $"task {i} counts {output.Count} primes in [{from}, {from + length}), which holds only {length} numbers");
            }

            total += output.Count;
        }

        return JobMergeResult.Success(new PrimesJobResult(spec.From, spec.To, total));
    }

    /// <inheritdoc/>
    protected override string Describe(PrimesJobResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Count:N0} primes in [{result.From:N0}, {result.To:N0})");
}
