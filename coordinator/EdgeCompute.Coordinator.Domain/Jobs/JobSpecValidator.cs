using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Says whether a <see cref="JobSpec"/> can run, and if not which field is wrong and why. Never throws for a bad spec
/// (specs come from submitters); a null spec or null fields are reported like any other mistake.
/// </summary>
public static class JobSpecValidator
{
    private const string GeohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz";

    /// <summary>Checks a spec and its verification policy.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns><see cref="JobSpecCheck.Ok"/>, or the first problem found.</returns>
    public static JobSpecCheck Validate(JobSpec? spec)
    {
        var check = spec switch
        {
            null => JobSpecCheck.Fail("kind", "the job spec is missing"),
            PowJobSpec pow => CheckPow(pow),
            MonteCarloPiJobSpec pi => CheckPi(pi),
            PrimesJobSpec primes => CheckPrimes(primes),
            WasmMapJobSpec map => CheckWasmMap(map),
            SensorQueryJobSpec query => CheckSensorQuery(query),
            _ => JobSpecCheck.Fail("kind", $"{spec.GetType().Name} is not a job kind this coordinator runs"),
        };
        if (!check.IsValid || spec is null)
        {
            return check;
        }

        if (TaskCountCheck(spec) is { } tooMany)
        {
            return tooMany;
        }

        return spec.Verification is null ? JobSpecCheck.Ok : CheckVerification(spec.Verification, spec.Kind);
    }

    private static JobSpecCheck CheckPow(PowJobSpec pow) =>
        pow.Prefix is null ? JobSpecCheck.Fail("prefix", "prefix is missing (use an empty string for no prefix)")
        : pow.Prefix.Length > PowSha256Parameters.MaxPrefixBytes ? JobSpecCheck.Fail("prefix", $"prefix must be at most {PowSha256Parameters.MaxPrefixBytes} bytes, found {pow.Prefix.Length}")
        : pow.Difficulty is < 0 or > 255 ? JobSpecCheck.Fail("difficulty", $"difficulty must be 0 to 255 leading zero bits, found {pow.Difficulty}")
        : pow.NonceCount == 0 ? JobSpecCheck.Fail("nonceCount", "nonceCount must be at least 1")
        : pow.NonceCount - 1 > ulong.MaxValue - pow.NonceStart ? JobSpecCheck.Fail("nonceCount", "the nonce range passes 2^64 - 1")
        : ChunkCheck("chunkSize", pow.ChunkSize, JobLimits.MaxOpsPerTask, "nonces");

    private static JobSpecCheck CheckPi(MonteCarloPiJobSpec pi) =>
        pi.Samples == 0 ? JobSpecCheck.Fail("samples", "samples must be at least 1")
        : pi.Samples > JobLimits.MaxSamples ? JobSpecCheck.Fail("samples", $"samples must be at most {JobLimits.MaxSamples}, found {pi.Samples}")
        : ChunkCheck("chunkSamples", pi.ChunkSamples, JobLimits.MaxOpsPerTask, "samples");

    private static JobSpecCheck CheckPrimes(PrimesJobSpec primes) =>
        primes.To > PrimesCountParameters.MaxTo ? JobSpecCheck.Fail("to", $"to must be at most 2^32 = {PrimesCountParameters.MaxTo}, found {primes.To}")
        : primes.From >= primes.To ? JobSpecCheck.Fail("from", $"from ({primes.From}) must be below to ({primes.To}); the range [from, to) is half-open")
        : ChunkCheck("chunkSize", primes.ChunkSize, PrimesCountParameters.MaxSpan, "numbers");

    private static JobSpecCheck ChunkCheck(string field, ulong chunk, ulong max, string what) =>
        chunk == 0 ? JobSpecCheck.Fail(field, $"{field} must be at least 1")
        : chunk > max ? JobSpecCheck.Fail(field, $"{field} must be at most {max} {what} per task, found {chunk}")
        : JobSpecCheck.Ok;

    private static JobSpecCheck? TaskCountCheck(JobSpec spec) =>
        JobChunks.TaskCount(spec) is { } count && count > JobLimits.MaxTasksPerJob
            ? JobSpecCheck.Fail(spec is WasmMapJobSpec ? "inputs" : spec is MonteCarloPiJobSpec ? "chunkSamples" : "chunkSize", $"the job makes {count} tasks; at most {JobLimits.MaxTasksPerJob} per job (use larger chunks)")
            : null;

    private static JobSpecCheck CheckWasmMap(WasmMapJobSpec map)
    {
        if (CheckWasmTask(map.Module, map.Fuel, map.MemoryBytes) is { } bad)
        {
            return bad;
        }

        if (map.Inputs is null || map.Inputs.Count == 0)
        {
            return JobSpecCheck.Fail("inputs", "inputs must hold at least one input");
        }

        if (map.Inputs.Count > JobLimits.MaxTasksPerJob)
        {
            return JobSpecCheck.Fail("inputs", $"the job makes {map.Inputs.Count} tasks; at most {JobLimits.MaxTasksPerJob} per job");
        }

        var largest = 0;
        for (var i = 0; i < map.Inputs.Count; i++)
        {
            if (map.Inputs[i] is null)
            {
                return JobSpecCheck.Fail($"inputs[{i}]", "the input is missing (use an empty string for an empty input)");
            }

            largest = map.Inputs[i].Length > map.Inputs[largest].Length ? i : largest;
        }

        if (InlineAssignmentSize.Check(map.Module, [], map.Fuel, map.MemoryBytes) is { } moduleTooBig)
        {
            return JobSpecCheck.Fail("module", moduleTooBig);
        }

        if (InlineAssignmentSize.Check(map.Module, map.Inputs[largest], map.Fuel, map.MemoryBytes) is { } inputTooBig)
        {
            return JobSpecCheck.Fail($"inputs[{largest}]", inputTooBig);
        }

        return map.Image is null ? JobSpecCheck.Ok : ImageLayoutCheck.Check(map.Image, map.Inputs.Count) ?? JobSpecCheck.Ok;
    }

    private static JobSpecCheck CheckSensorQuery(SensorQueryJobSpec query)
    {
        if (CheckWasmTask(query.Module, query.Fuel, query.MemoryBytes) is { } bad)
        {
            return bad;
        }

        if (query.Channel is null || query.Channel.Length is 0 or > JobLimits.MaxChannelLength || !query.Channel.All(IsIdChar))
        {
            return JobSpecCheck.Fail("channel", $"channel must be 1 to {JobLimits.MaxChannelLength} characters of [a-z0-9-], found \"{query.Channel}\"");
        }

        if (query.GeohashPrefix is null || query.GeohashPrefix.Length is 0 or > JobLimits.MaxGeohashLength || !query.GeohashPrefix.All(GeohashAlphabet.Contains))
        {
            return JobSpecCheck.Fail("geohashPrefix", $"geohashPrefix must be 1 to {JobLimits.MaxGeohashLength} geohash characters ({GeohashAlphabet}), found \"{query.GeohashPrefix}\"");
        }

        if (query.FromMs < 0)
        {
            return JobSpecCheck.Fail("fromMs", $"fromMs must not be negative, found {query.FromMs}");
        }

        if (query.ToMs <= query.FromMs)
        {
            return JobSpecCheck.Fail("toMs", $"toMs ({query.ToMs}) must be above fromMs ({query.FromMs})");
        }

        return InlineAssignmentSize.Check(query.Module, SensorQueryInput.Encode(query), query.Fuel, query.MemoryBytes) is { } tooBig
            ? JobSpecCheck.Fail("module", tooBig)
            : JobSpecCheck.Ok;
    }

    private static JobSpecCheck? CheckWasmTask(byte[]? module, ulong fuel, ulong memoryBytes) =>
        module is null || module.Length == 0 ? JobSpecCheck.Fail("module", "module must not be empty")
        : module.Length < 8 || !module.AsSpan(0, 4).SequenceEqual("\0asm"u8) ? JobSpecCheck.Fail("module", "module is not a WebAssembly binary (it must start with \\0asm and a version)")
        : fuel == 0 ? JobSpecCheck.Fail("fuel", "fuel must be at least 1")
        : fuel > JobLimits.MaxFuel ? JobSpecCheck.Fail("fuel", $"fuel must be at most {JobLimits.MaxFuel}, found {fuel}")
        : memoryBytes is < WasmParameters.MinMemoryBytes or > WasmParameters.MaxMemoryBytes
            ? JobSpecCheck.Fail("memoryBytes", $"memoryBytes must be {WasmParameters.MinMemoryBytes} to {WasmParameters.MaxMemoryBytes}, found {memoryBytes}")
        : null;

    private static JobSpecCheck CheckVerification(JobVerificationPolicy policy, JobKind kind)
    {
        const string Field = "verification";
        if (!Enum.IsDefined(policy.Method))
        {
            return JobSpecCheck.Fail($"{Field}.method", $"unknown verification method {(int)policy.Method}");
        }

        if (policy.Method == VerificationMethod.DirectPow && kind != JobKind.Pow)
        {
            return JobSpecCheck.Fail($"{Field}.method", "directPow verifies pow jobs only");
        }

        if (kind == JobKind.SensorQuery && policy.Method != VerificationMethod.SampledReExecution)
        {
            return JobSpecCheck.Fail($"{Field}.method", "a sensor query runs where its data is, one task per gateway, so it cannot be replicated: use sampledReExecution");
        }

        if (policy.Method is VerificationMethod.Quorum or VerificationMethod.AdaptiveReplication)
        {
            if (policy.Quorum < 1)
            {
                return JobSpecCheck.Fail($"{Field}.quorum", $"quorum must be at least 1, found {policy.Quorum}");
            }

            if (policy.Replicas < policy.Quorum || policy.Replicas > JobLimits.MaxReplicas)
            {
                return JobSpecCheck.Fail($"{Field}.replicas", $"replicas must be quorum ({policy.Quorum}) to {JobLimits.MaxReplicas}, found {policy.Replicas}");
            }
        }

        return policy.TrustAfter < 1 ? JobSpecCheck.Fail($"{Field}.trustAfter", $"trustAfter must be at least 1, found {policy.TrustAfter}")
            : !(policy.SpotCheckRate is >= 0 and <= 1) ? JobSpecCheck.Fail($"{Field}.spotCheckRate", $"spotCheckRate must be 0 to 1, found {policy.SpotCheckRate}")
            : !(policy.SamplingRate is >= 0 and <= 1) ? JobSpecCheck.Fail($"{Field}.samplingRate", $"samplingRate must be 0 to 1, found {policy.SamplingRate}")
            : !Enum.IsDefined(policy.PowNotFound) ? JobSpecCheck.Fail($"{Field}.powNotFound", $"unknown powNotFound policy {(int)policy.PowNotFound}")
            : JobSpecCheck.Ok;
    }

    private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
}
