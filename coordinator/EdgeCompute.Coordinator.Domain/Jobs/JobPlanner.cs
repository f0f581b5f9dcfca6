using System.Security.Cryptography;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Splits a job into tasks: kernel chunks for devices, one <c>wasm</c> task per input for gateways, or one pinned
/// <c>wasm</c> task per region gateway for a sensor query. Pure: the same arguments give the same plan.
/// </summary>
public static class JobPlanner
{
    /// <summary>Plans a job.</summary>
    /// <param name="jobId">The job id: <see cref="ProtocolId.Rule"/>, at most <see cref="JobLimits.MaxJobIdLength"/> characters.</param>
    /// <param name="spec">The spec (checked with <see cref="JobSpecValidator"/> first).</param>
    /// <param name="regionGateways">
    /// For a sensor query, the gateways that hold data in its region (ids, distinct, in the order tasks are numbered);
    /// ignored by the other kinds.
    /// </param>
    /// <returns>The plan, or why there is none.</returns>
    public static JobPlanResult Plan(string jobId, JobSpec spec, IReadOnlyList<string> regionGateways)
    {
        ArgumentNullException.ThrowIfNull(regionGateways);
        if (!ProtocolId.IsValid(jobId) || jobId.Length > JobLimits.MaxJobIdLength)
        {
            return JobPlanResult.Fail(
                JobPlanReasonCode.InvalidJobId,
                $"job id \"{jobId}\" must be 1 to {JobLimits.MaxJobIdLength} characters of [a-z0-9-] so that every task id {{job}}-{{index}} matches {ProtocolId.Rule}");
        }

        var check = JobSpecValidator.Validate(spec);
        if (!check.IsValid)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.InvalidSpec, check.Message ?? "invalid spec", check.Field);
        }

        if (spec is SensorQueryJobSpec && RegionProblem(regionGateways) is { } problem)
        {
            return problem;
        }

        var tasks = spec switch
        {
            PowJobSpec pow => PlanPow(jobId, pow),
            MonteCarloPiJobSpec pi => PlanPi(jobId, pi),
            PrimesJobSpec primes => PlanPrimes(jobId, primes),
            WasmMapJobSpec map => PlanWasmMap(jobId, map),
            SensorQueryJobSpec query => PlanSensorQuery(jobId, query, regionGateways),
            _ => throw new InvalidOperationException("The validator accepted an unknown spec."),
        };
        return JobPlanResult.Success(new JobPlan(jobId, spec.Kind, tasks, spec.Verification ?? JobVerificationDefaults.For(spec.Kind)));
    }

    /// <summary>The id of task <paramref name="index"/> of job <paramref name="jobId"/>: <c>{job}-{index}</c>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="index">The task index.</param>
    /// <returns>The task id.</returns>
    public static string TaskId(string jobId, int index) => FormattableString.Invariant($"{jobId}-{index}");

    private static JobPlanResult? RegionProblem(IReadOnlyList<string> gateways)
    {
        if (gateways.Count == 0)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.NoGatewaysInRegion, "no gateway holds data in the query's region");
        }

        if (gateways.Count > JobLimits.MaxTasksPerJob)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"{gateways.Count} region gateways; at most {JobLimits.MaxTasksPerJob} tasks per job");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gateway in gateways)
        {
            if (!ProtocolId.IsValid(gateway))
            {
                return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"region gateway id \"{gateway}\" does not match {ProtocolId.Rule}");
            }

            if (!seen.Add(gateway))
            {
                return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"region gateway \"{gateway}\" is listed twice");
            }
        }

        return null;
    }

    private static PlannedTask[] PlanPow(string jobId, PowJobSpec pow)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(pow.NonceCount, pow.ChunkSize)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (start, count) = JobChunks.At(pow.NonceStart, pow.NonceCount, pow.ChunkSize, i);
            tasks[i] = Device(jobId, i, new PowSha256Parameters(pow.Prefix.ToArray(), start, count, pow.Difficulty), count);
        }

        return tasks;
    }

    private static PlannedTask[] PlanPi(string jobId, MonteCarloPiJobSpec pi)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(pi.Samples, pi.ChunkSamples)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (_, samples) = JobChunks.At(0, pi.Samples, pi.ChunkSamples, i);
            tasks[i] = Device(jobId, i, new MonteCarloPiParameters(ChunkSeeds.For(pi.Seed, i), samples), samples);
        }

        return tasks;
    }

    private static PlannedTask[] PlanPrimes(string jobId, PrimesJobSpec primes)
    {
        var tasks = new PlannedTask[(int)JobChunks.Count(primes.To - primes.From, primes.ChunkSize)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var (from, length) = JobChunks.At(primes.From, primes.To - primes.From, primes.ChunkSize, i);
            tasks[i] = Device(jobId, i, new PrimesCountParameters(from, from + length), PrimeCountOps.For(from, from + length));
        }

        return tasks;
    }

    private static PlannedTask[] PlanWasmMap(string jobId, WasmMapJobSpec map)
    {
        var module = map.Module.ToArray();
        var hash = SHA256.HashData(module);
        var tasks = new PlannedTask[map.Inputs.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var parameters = new WasmParameters(hash, module, map.Inputs[i].ToArray(), map.Fuel, map.MemoryBytes);
            tasks[i] = new PlannedTask(TaskId(jobId, i), i, parameters, TaskTarget.Gateway, null, map.Fuel);
        }

        return tasks;
    }

    private static PlannedTask[] PlanSensorQuery(string jobId, SensorQueryJobSpec query, IReadOnlyList<string> gateways)
    {
        var module = query.Module.ToArray();
        var hash = SHA256.HashData(module);
        var input = SensorQueryInput.Encode(query);
        var tasks = new PlannedTask[gateways.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var parameters = new WasmParameters(hash, module, input, query.Fuel, query.MemoryBytes);
            tasks[i] = new PlannedTask(TaskId(jobId, i), i, parameters, TaskTarget.Gateway, gateways[i], query.Fuel);
        }

        return tasks;
    }

    private static PlannedTask Device(string jobId, int index, KernelParameters parameters, ulong budget) =>
        new(TaskId(jobId, index), index, parameters, TaskTarget.Device, null, budget);
}
