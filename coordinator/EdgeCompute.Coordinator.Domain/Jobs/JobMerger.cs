using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Joins a job's verified task outputs into its <see cref="JobResult"/>. Expects exactly one output per task index
/// (0 to count − 1, where the count follows from the spec, or for a sensor query from the outputs); anything else, or
/// an output that contradicts its task, is a failure with a reason code, never a partial result.
/// </summary>
public static class JobMerger
{
    /// <summary>
    /// Merges the outputs of a job, taking the task count from the spec (or, for a sensor query, from the outputs: use
    /// the overload with the plan's task count there, or a missing last output goes unnoticed).
    /// </summary>
    /// <param name="spec">The job's spec.</param>
    /// <param name="outputs">One verified output per task, in any order.</param>
    /// <returns>The result, or why the outputs do not merge.</returns>
    public static JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs) => Merge(spec, outputs, null);

    /// <summary>Merges the outputs of a job that was planned into <paramref name="taskCount"/> tasks.</summary>
    /// <param name="spec">The job's spec.</param>
    /// <param name="outputs">One verified output per task, in any order.</param>
    /// <param name="taskCount">The plan's task count (<see cref="JobPlan.Tasks"/>); null to derive it as the other overload does.</param>
    /// <returns>The result, or why the outputs do not merge.</returns>
    public static JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs, int? taskCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputs);
        var check = JobSpecValidator.Validate(spec);
        if (!check.IsValid)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.InvalidSpec, check.ToString());
        }

        var derived = JobChunks.TaskCount(spec);
        if (taskCount is { } given && (given < 0 || (derived is { } made && made != (ulong)given)))
        {
            return JobMergeResult.Fail(JobMergeReasonCode.InvalidSpec, $"the plan has {given} tasks; the spec makes {derived}");
        }

        var count = derived ?? (ulong)(taskCount ?? outputs.Count);
        if (count == 0)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.MissingOutput, "no outputs: a sensor query has at least one task");
        }

        var byIndex = new TaskOutput?[(int)count];
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            if (output.Index < 0 || output.Index >= byIndex.Length)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.IndexOutOfRange, $"output index {output.Index} is not a task of this job (0 to {byIndex.Length - 1})");
            }

            if (byIndex[output.Index] is not null)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.DuplicateOutput, $"task {output.Index} has more than one output");
            }

            byIndex[output.Index] = output;
        }

        var missing = Array.FindIndex(byIndex, o => o is null);
        if (missing >= 0)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.MissingOutput, $"task {missing} has no output ({byIndex.Count(o => o is null)} of {byIndex.Length} missing)");
        }

        var ordered = byIndex.Select(o => o!).ToArray();
        return spec switch
        {
            PowJobSpec pow => MergePow(pow, ordered),
            MonteCarloPiJobSpec pi => MergePi(pi, ordered),
            PrimesJobSpec primes => MergePrimes(primes, ordered),
            WasmMapJobSpec map => WasmMapMerge.Merge(map, ordered),
            SensorQueryJobSpec => SensorQueryMerge.Merge(ordered),
            _ => throw new InvalidOperationException("The validator accepted an unknown spec."),
        };
    }

    private static JobMergeResult MergePow(PowJobSpec pow, TaskOutput[] outputs)
    {
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].Kernel is not PowSha256Output output)
            {
                return WrongType(i, nameof(PowSha256Output));
            }

            var (start, length) = JobChunks.At(pow.NonceStart, pow.NonceCount, pow.ChunkSize, i);
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

    private static JobMergeResult MergePi(MonteCarloPiJobSpec pi, TaskOutput[] outputs)
    {
        ulong inside = 0, samples = 0;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].Kernel is not MonteCarloPiOutput output)
            {
                return WrongType(i, nameof(MonteCarloPiOutput));
            }

            var (_, expected) = JobChunks.At(0, pi.Samples, pi.ChunkSamples, i);
            if (output.Samples != expected || output.Inside > output.Samples)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.OutputDoesNotMatchTask, $"task {i} reports {output.Inside} inside of {output.Samples} samples; it drew {expected}");
            }

            inside += output.Inside;
            samples += output.Samples;
        }

        return JobMergeResult.Success(MonteCarloPiJobResult.From(inside, samples));
    }

    private static JobMergeResult MergePrimes(PrimesJobSpec primes, TaskOutput[] outputs)
    {
        var total = 0UL;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].Kernel is not PrimesCountOutput output)
            {
                return WrongType(i, nameof(PrimesCountOutput));
            }

            var (from, length) = JobChunks.At(primes.From, primes.To - primes.From, primes.ChunkSize, i);
            if (output.Count > length)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.OutputDoesNotMatchTask, $"task {i} counts {output.Count} primes in [{from}, {from + length}), which holds only {length} numbers");
            }

            total += output.Count;
        }

        return JobMergeResult.Success(new PrimesJobResult(primes.From, primes.To, total));
    }

    /// <summary>The failure for an output of the wrong type.</summary>
    internal static JobMergeResult WrongType(int index, string expected) =>
        JobMergeResult.Fail(JobMergeReasonCode.WrongOutputType, $"task {index} needs a {expected}");
}
