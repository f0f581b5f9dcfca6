using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;

/// <summary>
/// <c>pow</c>: a proof-of-work nonce search, one <c>pow.sha256</c> device task per <see cref="PowJobSpec.ChunkSize"/>
/// nonces (budget: the nonces in the chunk). Verified by <see cref="VerificationMethod.DirectPow"/>, one replica: a found
/// nonce costs one hash to check. The result is the nonce of the lowest-index chunk that found one.
/// </summary>
public sealed class PowJobKind : JobKind<PowJobSpec, PowJobResult>
{
    /// <summary>The wire name.</summary>
    public const string KindName = "pow";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override JobVerificationPolicy DefaultVerification { get; } = new(VerificationMethod.DirectPow, Quorum: 1, Replicas: 1);

    /// <inheritdoc/>
    public override IReadOnlyList<JobForm> Forms { get; } =
    [
        new("pow", "Search a SHA-256 proof-of-work nonce (pow).",
            [
                JobFormField.Needed("prefix-hex", JobFormFieldType.Text, "The bytes hashed before the nonce, hex (at most 64 bytes).", "HEX"),
                JobFormField.Needed("difficulty", JobFormFieldType.Integer, "Leading zero bits required, 0 to 255.", "BITS"),
                JobFormField.Needed("nonces", JobFormFieldType.Count, "Nonces to search, from 0.", "N"),
                JobFormField.Defaulted("chunk", JobFormFieldType.Count, "Nonces per task.", "N", (ulong)(1 << 16)),
            ],
            v => new PowJobSpec(v.Hex("prefix-hex"), v.Integer("difficulty"), 0, v.Count("nonces"), v.Count("chunk"))),
    ];

    /// <inheritdoc/>
    public override JobSpecCheck CheckVerification(JobVerificationPolicy policy) => JobSpecCheck.Ok;

    /// <inheritdoc/>
    protected override JobSpecCheck Check(PowJobSpec spec) =>
        spec.Prefix is null ? JobSpecCheck.Fail("prefix", "prefix is missing (use an empty string for no prefix)")
        : spec.Prefix.Length > PowSha256Parameters.MaxPrefixBytes ? JobSpecCheck.Fail("prefix", $"prefix must be at most {PowSha256Parameters.MaxPrefixBytes} bytes, found {spec.Prefix.Length}")
        : spec.Difficulty is < 0 or > 255 ? JobSpecCheck.Fail("difficulty", $"difficulty must be 0 to 255 leading zero bits, found {spec.Difficulty}")
        : spec.NonceCount == 0 ? JobSpecCheck.Fail("nonceCount", "nonceCount must be at least 1")
        : spec.NonceCount - 1 > ulong.MaxValue - spec.NonceStart ? JobSpecCheck.Fail("nonceCount", "the nonce range passes 2^64 - 1")
        : JobChunks.Check("chunkSize", spec.ChunkSize, JobLimits.MaxOpsPerTask, "nonces");

    /// <inheritdoc/>
    protected override ulong? TaskCount(PowJobSpec spec) => JobChunks.Count(spec.NonceCount, spec.ChunkSize);

    /// <inheritdoc/>
    protected override IReadOnlyList<PlannedTask> Plan(string jobId, PowJobSpec spec, IReadOnlyList<string> regionGateways)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(spec.NonceCount, spec.ChunkSize)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (start, count) = JobChunks.At(spec.NonceStart, spec.NonceCount, spec.ChunkSize, i);
            tasks[i] = DeviceTask(jobId, i, new PowSha256Parameters(spec.Prefix.ToArray(), start, count, spec.Difficulty), count);
        }

        return tasks;
    }

    /// <inheritdoc/>
    protected override JobMergeResult Merge(PowJobSpec spec, IReadOnlyList<TaskOutput> outputs)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Kernel is not PowSha256Output output)
            {
                return WrongType(i, nameof(PowSha256Output));
            }

            var (start, length) = JobChunks.At(spec.NonceStart, spec.NonceCount, spec.ChunkSize, i);
            if (output.Found && (output.Nonce < start || output.Nonce - start >= length || output.Digest.Length != 32))
            {
                return JobMergeResult.Fail(JobMergeReasonCode.OutputDoesNotMatchTask, $"task {i} reports nonce {output.Nonce} with a {output.Digest.Length}-byte digest; its chunk is [{start}, {start + (length - 1)}]");
            }

            if (output.Found)
            {
                // Chunks are searched in order and each stops at its first hit: the lowest index holds the lowest nonce.
                return JobMergeResult.Success(new PowJobResult(true, output.Nonce, output.Digest.ToArray()));
            }
        }

        return JobMergeResult.Success(new PowJobResult(false, 0, []));
    }

    /// <inheritdoc/>
    protected override string Describe(PowJobResult result) =>
        result.Found ? string.Create(CultureInfo.InvariantCulture, $"nonce {result.Nonce}, digest {Convert.ToHexStringLower(result.Digest)[..16]}…") : "no nonce in the range";
}
