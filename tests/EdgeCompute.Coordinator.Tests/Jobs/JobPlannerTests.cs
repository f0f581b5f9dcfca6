using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class JobPlannerTests
{
    [Fact]
    public void Splits_a_pow_search_into_nonce_chunks_with_the_chunk_as_budget()
    {
        var plan = JobFixtures.Plan(new PowJobSpec([1, 2, 3], 8, NonceStart: 100, NonceCount: 25, ChunkSize: 10));

        Assert.Equal(
            [(100UL, 10UL, 10UL), (110UL, 10UL, 10UL), (120UL, 5UL, 5UL)],
            plan.Tasks.Select(t => t.Parameters is PowSha256Parameters p ? (p.NonceStart, p.NonceCount, t.Budget) : default));
        Assert.All(plan.Tasks, t => Assert.Equal((TaskTarget.Device, (string?)null, 8), (t.Target, t.PinnedNode, ((PowSha256Parameters)t.Parameters).Difficulty)));
        Assert.Equal(VerificationMethod.DirectPow, plan.Verification.Method);
    }

    [Fact]
    public void Numbers_tasks_job_dash_index_within_the_id_rules()
    {
        var jobId = new string('j', JobLimits.MaxJobIdLength);
        var plan = JobFixtures.Plan(new PrimesJobSpec(0, 10_000, 1), jobId);

        Assert.Equal(10_000, plan.Tasks.Count);
        Assert.Equal(Enumerable.Range(0, 10_000), plan.Tasks.Select(t => t.Index));
        Assert.Equal($"{jobId}-0", plan.Tasks[0].TaskId);
        Assert.Equal($"{jobId}-9999", plan.Tasks[^1].TaskId);
        Assert.All(plan.Tasks, t => Assert.True(ProtocolId.IsValid(t.TaskId), t.TaskId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Job")]
    [InlineData("job.1")]
    [InlineData("job_1")]
    [InlineData("a234567890123456789012345678")]
    public void Refuses_job_ids_that_would_make_invalid_task_ids(string jobId)
    {
        var result = JobPlanner.Plan(jobId, new PrimesJobSpec(0, 100, 10), []);

        Assert.Equal(JobPlanReasonCode.InvalidJobId, result.ReasonCode);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void Cuts_a_primes_range_into_half_open_chunks_ending_at_to()
    {
        var plan = JobFixtures.Plan(new PrimesJobSpec(10, 100, 30));

        Assert.Equal(
            [(10UL, 40UL), (40UL, 70UL), (70UL, 100UL)],
            plan.Tasks.Select(t => t.Parameters is PrimesCountParameters p ? (p.From, p.To) : default));
        Assert.Equal(VerificationMethod.AdaptiveReplication, plan.Verification.Method);
    }

    [Fact]
    public void Reaches_the_kernels_largest_range_end_exactly()
    {
        const ulong Top = PrimesCountParameters.MaxTo;
        var plan = JobFixtures.Plan(new PrimesJobSpec(Top - PrimesCountParameters.MaxSpan - 5, Top, PrimesCountParameters.MaxSpan));

        Assert.Equal(
            [(Top - PrimesCountParameters.MaxSpan - 5, Top - 5), (Top - 5, Top)],
            plan.Tasks.Select(t => t.Parameters is PrimesCountParameters p ? (p.From, p.To) : default));
    }

    [Fact]
    public void Budgets_primes_tasks_with_the_exact_ops_of_the_firmware_kernel()
    {
        // [0, 10): 10 numbers scanned; 2 marks 4, 6, 8 and 3 marks 9: 14 ops.
        Assert.Equal(14UL, PrimeCountOps.For(0, 10));

        var random = TestSeed.Random(4242);
        var kernel = new PrimeCountKernel();
        var output = new EdgeCompute.Firmware.Kernels.KernelOutput();
        for (var i = 0; i < 40; i++)
        {
            var from = (ulong)random.NextInt64(0, (long)PrimesCountParameters.MaxTo - 1);
            var to = Math.Min(PrimesCountParameters.MaxTo, from + 1 + (ulong)random.NextInt64(0, 200_000));
            var ops = PrimeCountOps.For(from, to);

            kernel.Run(from, to, (long)ops, output);
            Assert.True(output.Status == KernelStatus.Ok && output.Ops == (long)ops, $"[{from}, {to}): status {output.Status}, ops {output.Ops} vs {ops}");
            kernel.Run(from, to, (long)ops - 1, output);
            Assert.True(output.Status == KernelStatus.BudgetExceeded, $"[{from}, {to}) one op short still ran");
        }
    }

    [Fact]
    public void Seeds_pi_chunks_distinctly_and_repeatably_from_the_job_seed()
    {
        var spec = new MonteCarloPiJobSpec(Samples: 25, ChunkSamples: 10, Seed: 7);
        var plan = JobFixtures.Plan(spec);
        var parameters = plan.Tasks.Select(t => (MonteCarloPiParameters)t.Parameters).ToArray();

        Assert.Equal([10UL, 10UL, 5UL], parameters.Select(p => p.Samples));
        Assert.Equal([10UL, 10UL, 5UL], plan.Tasks.Select(t => t.Budget));
        Assert.Equal(3, parameters.Select(p => p.Seed).Distinct().Count());
        var state = 7UL;
        Assert.Equal([SplitMix64.Next(ref state), SplitMix64.Next(ref state), SplitMix64.Next(ref state)], parameters.Select(p => p.Seed));
        Assert.Equal(parameters, JobFixtures.Plan(spec).Tasks.Select(t => (MonteCarloPiParameters)t.Parameters));
        Assert.Equal((VerificationMethod.Quorum, 2, 2), (plan.Verification.Method, plan.Verification.Quorum, plan.Verification.Replicas));
    }

    [Fact]
    public void Keeps_the_specs_own_verification_policy()
    {
        var policy = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 3);

        var plan = JobFixtures.Plan(new PrimesJobSpec(0, 100, 50) { Verification = policy });

        Assert.Same(policy, plan.Verification);
    }

    [Fact]
    public void Makes_one_gateway_wasm_task_per_input_carrying_the_module_and_its_hash()
    {
        var module = JobFixtures.Module();
        var plan = JobFixtures.Plan(new WasmMapJobSpec(module, [[1], [2, 3], []], Fuel: 5_000, MemoryBytes: 1 << 20, Image: null));

        Assert.Equal(3, plan.Tasks.Count);
        var parameters = plan.Tasks.Select(t => (WasmParameters)t.Parameters).ToArray();
        Assert.All(parameters, p => Assert.Equal(SHA256.HashData(module), p.ModuleHash.ToArray()));
        Assert.All(parameters, p => Assert.Equal(module, p.Module.ToArray()));
        Assert.Equal([[1], [2, 3], []], parameters.Select(p => p.Input.ToArray()));
        Assert.All(plan.Tasks, t => Assert.Equal((TaskTarget.Gateway, (string?)null, 5_000UL, EdgeCompute.Protocol.Tasks.KernelNames.Wasm), (t.Target, t.PinnedNode, t.Budget, t.Kernel)));
        Assert.Equal((VerificationMethod.AdaptiveReplication, 2, 2), (plan.Verification.Method, plan.Verification.Quorum, plan.Verification.Replicas));
    }

    [Fact]
    public void Pins_one_sensor_query_task_to_each_region_gateway_with_the_sum_windows_input()
    {
        var spec = new SensorQueryJobSpec(JobFixtures.Module(), "temp", "u0q", FromMs: 1_000, ToMs: 0x0102030405, Fuel: 1_000_000, MemoryBytes: 1 << 20);

        var plan = JobFixtures.Plan(spec, gateways: ["gw-b", "gw-a"]);

        Assert.Equal(["gw-b", "gw-a"], plan.Tasks.Select(t => t.PinnedNode));
        Assert.All(plan.Tasks, t => Assert.Equal(TaskTarget.Gateway, t.Target));
        byte[] input = [0xE8, 0x03, 0, 0, 0, 0, 0, 0, 0x05, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, (byte)'t', (byte)'e', (byte)'m', (byte)'p'];
        Assert.All(plan.Tasks, t => Assert.Equal(input, ((WasmParameters)t.Parameters).Input.ToArray()));
        Assert.Equal((VerificationMethod.SampledReExecution, 0.0, 1), (plan.Verification.Method, plan.Verification.SamplingRate, plan.Verification.Replicas));
    }

    [Fact]
    public void Refuses_a_sensor_query_without_usable_region_gateways()
    {
        var spec = new SensorQueryJobSpec(JobFixtures.Module(), "temp", "u0q", 0, 1, 1, 1 << 20);

        Assert.Equal(JobPlanReasonCode.NoGatewaysInRegion, JobPlanner.Plan("job", spec, []).ReasonCode);
        Assert.Equal(JobPlanReasonCode.InvalidRegionGateways, JobPlanner.Plan("job", spec, ["gw-a", "gw-a"]).ReasonCode);
        Assert.Equal(JobPlanReasonCode.InvalidRegionGateways, JobPlanner.Plan("job", spec, ["GW"]).ReasonCode);
    }

    [Fact]
    public void Refuses_an_invalid_spec_naming_the_field()
    {
        var result = JobPlanner.Plan("job", new PrimesJobSpec(0, 100, 0), []);

        Assert.Equal((JobPlanReasonCode.InvalidSpec, "chunkSize"), (result.ReasonCode, result.Field));
        Assert.Equal("chunkSize must be at least 1", result.Detail);
    }

    [Fact]
    public void Planned_kernel_tasks_encode_as_assignments_with_the_longest_ids()
    {
        var jobId = new string('a', JobLimits.MaxJobIdLength);
        var specs = new JobSpec[]
        {
            new PowJobSpec(new byte[64], 255, ulong.MaxValue - 9, 10, 3),
            new MonteCarloPiJobSpec(JobLimits.MaxOpsPerTask, JobLimits.MaxOpsPerTask, ulong.MaxValue),
            new PrimesJobSpec(0, PrimesCountParameters.MaxTo, PrimesCountParameters.MaxSpan),
        };

        foreach (var task in specs.SelectMany(s => JobFixtures.Plan(s, jobId).Tasks))
        {
            var bytes = TaskAssignmentCodec.Encode(new TaskAssignment(task.TaskId, 0, new string('d', 32), task.Parameters, checked((uint)task.Budget), 1));
            Assert.True(bytes.Length <= ProtocolLimits.MaxTaskAssignmentBytes, task.TaskId);
        }
    }
}
