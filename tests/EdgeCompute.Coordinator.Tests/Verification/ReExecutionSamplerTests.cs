using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class ReExecutionSamplerTests
{
    private readonly ReExecutionSampler _always = new(1.0, new KernelReExecutor());

    public static TheoryData<string, KernelParameters, KernelOutput, KernelOutput> Kernels => new()
    {
        // Right outputs worked out by hand: 25 primes below 100; [1, 2, 3, 4] has mean 2.5 → 3 and variance 1.25 → 1.
        { "primes.count", new PrimesCountParameters(0, 100), new PrimesCountOutput(25), new PrimesCountOutput(26) },
        { "stats.window", new StatsWindowParameters([1, 2, 3, 4]), new StatsWindowOutput(4, 1, 4, 3, 1), new StatsWindowOutput(4, 1, 4, 2, 1) },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Reexecution_accepts_the_right_output_and_detects_a_wrong_one(string kernel, KernelParameters parameters, KernelOutput right, KernelOutput wrong)
    {
        var assignment = Assignment("task-1", 0, "dev-a", parameters);
        Assert.Equal(kernel, assignment.Kernel);

        var accepted = _always.ReExecute(WithOutput(assignment, right));
        var rejected = _always.ReExecute(WithOutput(assignment, wrong));

        Assert.Equal((VerificationStatus.Valid, VerificationReasonCode.ReExecutionMatched), (accepted.Status, accepted.ReasonCode));
        Assert.True(accepted.CostUnits > 0);
        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.ReExecutionMismatch), (rejected.Status, rejected.ReasonCode));
    }

    [Fact]
    public void Reexecution_detects_a_wrong_mc_pi_output_and_accepts_the_right_one()
    {
        var assignment = Assignment("task-1", 0, "dev-a", Pi);
        var honest = Honest(assignment);
        var right = (MonteCarloPiOutput)honest.Result.Output!;

        Assert.Equal(VerificationReasonCode.ReExecutionMatched, _always.ReExecute(honest).ReasonCode);
        Assert.Equal(1_000UL, _always.ReExecute(honest).CostUnits);
        Assert.Equal(VerificationReasonCode.ReExecutionMismatch, _always.ReExecute(WithOutput(assignment, right with { Inside = right.Inside - 1 })).ReasonCode);
        Assert.Equal(VerificationReasonCode.ReExecutionMismatch, _always.ReExecute(new(assignment, honest.Result with { Ops = 999 })).ReasonCode);
    }

    [Fact]
    public void Samples_at_the_configured_rate_with_a_seeded_random()
    {
        const int Seed = 4242;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}");
        var sampler = new ReExecutionSampler(0.25, new KernelReExecutor());
        var random = new Random(Seed);
        var wrong = WithOutput(Assignment("task-1", 0, "dev-a", new PrimesCountParameters(0, 100)), new PrimesCountOutput(30));

        var outcomes = Enumerable.Range(0, 400).Select(_ => sampler.Verify(wrong, random)).ToList();
        var caught = outcomes.Count(o => o.ReasonCode == VerificationReasonCode.ReExecutionMismatch);
        TestContext.Current.TestOutputHelper?.WriteLine($"caught {caught} of 400");

        Assert.Equal(400 - caught, outcomes.Count(o => o.ReasonCode == VerificationReasonCode.AcceptedUnsampled));
        Assert.InRange(caught, 70, 130);
        Assert.Equal(VerificationReasonCode.AcceptedUnsampled, new ReExecutionSampler(0, new KernelReExecutor()).Verify(wrong, random).ReasonCode);
    }

    [Fact]
    public void Module_tasks_go_to_the_module_reexecutor_or_stay_pending_without_one()
    {
        var parameters = new OpaqueKernelParameters("wasm.tile", new byte[] { 0x80 });
        var assignment = Assignment("task-1", 0, "gw-01", parameters);
        var result = new SubmittedResult(assignment, new TaskResult("task-1", 0, "wasm.tile", TaskResultStatus.Ok, 7, new OpaqueKernelOutput(new byte[] { 0x81, 0x05 })));

        var without = new ReExecutionSampler(1.0, new KernelReExecutor()).ReExecute(result);
        var with = new ReExecutionSampler(1.0, new KernelReExecutor(), new EchoModules()).ReExecute(result);

        Assert.Equal((VerificationStatus.Pending, VerificationReasonCode.NoReExecutor), (without.Status, without.ReasonCode));
        Assert.Equal((VerificationStatus.Valid, VerificationReasonCode.ReExecutionMatched, 7UL), (with.Status, with.ReasonCode, with.CostUnits));
    }

    private sealed class EchoModules : IModuleReExecutor
    {
        public bool CanReExecute(string kernel) => kernel.StartsWith("wasm.", StringComparison.Ordinal);

        public TaskResult ReExecute(TaskAssignment assignment) =>
            new(assignment.TaskId, assignment.Slot, assignment.Kernel, TaskResultStatus.Ok, 7, new OpaqueKernelOutput(new byte[] { 0x81, 0x05 }));
    }
}
