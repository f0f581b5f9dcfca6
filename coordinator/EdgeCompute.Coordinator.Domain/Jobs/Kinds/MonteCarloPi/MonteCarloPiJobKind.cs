using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;

/// <summary>
/// <c>montecarlo-pi</c>: a Monte Carlo estimate of π, one <c>mc.pi</c> device task per
/// <see cref="MonteCarloPiJobSpec.ChunkSamples"/> samples, the seed of chunk i <see cref="ChunkSeeds.For"/>(seed, i).
/// Verified by <see cref="VerificationMethod.Quorum"/> 2 of 2: a forged count looks like an honest one (any value near
/// π/4 · samples is plausible) and biases the merged estimate silently, so every chunk runs twice on different owners;
/// the kernel is cheap, so doubling it is affordable.
/// </summary>
public sealed class MonteCarloPiJobKind : JobKind<MonteCarloPiJobSpec, MonteCarloPiJobResult>
{
    /// <summary>The wire name.</summary>
    public const string KindName = "montecarlo-pi";

    /// <summary>The most samples of a job: 2^40 (about 1.1 · 10^12).</summary>
    public const ulong MaxSamples = 1UL << 40;

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override JobVerificationPolicy DefaultVerification { get; } = new(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);

    /// <inheritdoc/>
    public override string TaskCountField => "chunkSamples";

    /// <inheritdoc/>
    public override IReadOnlyList<JobForm> Forms { get; } =
    [
        new("pi", "Estimate π by Monte Carlo (montecarlo-pi).",
            [
                JobFormField.Needed("samples", JobFormFieldType.Count, "Random points in all.", "N"),
                JobFormField.Defaulted("chunk", JobFormFieldType.Count, "Points per task.", "N", 100_000UL),
                JobFormField.Optional("seed", JobFormFieldType.Count, "The seed of the points [default: random].", "S"),
            ],
            v => new MonteCarloPiJobSpec(v.Count("samples"), v.Count("chunk"), v.OptionalCount("seed") ?? (ulong)v.Random.NextInt64(1, long.MaxValue))),
    ];

    /// <inheritdoc/>
    protected override JobSpecCheck Check(MonteCarloPiJobSpec spec) =>
        spec.Samples == 0 ? JobSpecCheck.Fail("samples", "samples must be at least 1")
        : spec.Samples > MaxSamples ? JobSpecCheck.Fail("samples", $"samples must be at most {MaxSamples}, found {spec.Samples}")
        : JobChunks.Check("chunkSamples", spec.ChunkSamples, JobLimits.MaxOpsPerTask, "samples");

    /// <inheritdoc/>
    protected override ulong? TaskCount(MonteCarloPiJobSpec spec) => JobChunks.Count(spec.Samples, spec.ChunkSamples);

    /// <inheritdoc/>
    protected override IReadOnlyList<PlannedTask> Plan(string jobId, MonteCarloPiJobSpec spec, IReadOnlyList<string> regionGateways)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(spec.Samples, spec.ChunkSamples)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (_, samples) = JobChunks.At(0, spec.Samples, spec.ChunkSamples, i);
            tasks[i] = DeviceTask(jobId, i, new MonteCarloPiParameters(ChunkSeeds.For(spec.Seed, i), samples), samples);
        }

        return tasks;
    }

    /// <inheritdoc/>
    protected override JobMergeResult Merge(MonteCarloPiJobSpec spec, IReadOnlyList<TaskOutput> outputs)
    {
        ulong inside = 0, samples = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Kernel is not MonteCarloPiOutput output)
            {
                return WrongType(i, nameof(MonteCarloPiOutput));
            }

            var (_, expected) = JobChunks.At(0, spec.Samples, spec.ChunkSamples, i);
            if (output.Samples != expected || output.Inside > output.Samples)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.OutputDoesNotMatchTask, $"task {i} reports {output.Inside} inside of {output.Samples} samples; it drew {expected}");
            }

            inside += output.Inside;
            samples += output.Samples;
        }

        return JobMergeResult.Success(MonteCarloPiJobResult.From(inside, samples));
    }

    /// <inheritdoc/>
    protected override string Describe(MonteCarloPiJobResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"π ≈ {result.Estimate:F5} ± {result.ErrorBound:F5} ({result.Samples:N0} samples)");
}
