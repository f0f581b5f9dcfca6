using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class PowDirectCheckTests
{
    private static readonly byte[] Prefix = "edgecompute-pow"u8.ToArray();
    private static readonly PowSha256Parameters Search = new(Prefix, 1_000, 4_096, 8);
    private readonly PowDirectCheck _check = new(PowNotFoundPolicy.ReExecute, new KernelReExecutor());

    [Fact]
    public void Accepts_a_valid_nonce_and_pays_the_nonces_tried()
    {
        var honest = Honest(Assignment("task-1", 0, "dev-a", Search));
        var output = Assert.IsType<PowSha256Output>(honest.Result.Output);
        Assert.True(output.Found);

        var outcome = _check.Verify(honest);

        Assert.Equal((VerificationStatus.Valid, VerificationReasonCode.PowVerified), (outcome.Status, outcome.ReasonCode));
        Assert.Equal(output.Nonce - Search.NonceStart + 1, outcome.CostUnits);
    }

    [Fact]
    public void Rejects_a_wrong_digest()
    {
        var honest = Honest(Assignment("task-1", 0, "dev-a", Search));
        var output = (PowSha256Output)honest.Result.Output!;
        var digest = output.Digest.ToArray();
        digest[^1] ^= 0x01;

        var outcome = _check.Verify(new(honest.Assignment, honest.Result with { Output = output with { Digest = digest } }));

        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.DigestMismatch), (outcome.Status, outcome.ReasonCode));
    }

    [Fact]
    public void Rejects_a_nonce_with_too_few_zero_bits()
    {
        var assignment = Assignment("task-1", 0, "dev-a", Search);
        var weak = Enumerable.Range(0, 4_096).Select(i => Search.NonceStart + (ulong)i).First(n => Digest(n)[0] != 0);
        var result = new TaskResult("task-1", 0, KernelNames.PowSha256, TaskResultStatus.Ok, weak - Search.NonceStart + 1, new PowSha256Output(true, weak, Digest(weak)));

        var outcome = _check.Verify(new(assignment, result));

        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.InsufficientZeroBits), (outcome.Status, outcome.ReasonCode));
    }

    [Fact]
    public void Rejects_a_valid_proof_outside_the_assigned_range()
    {
        var found = ((PowSha256Output)Honest(Assignment("task-1", 0, "dev-a", Search)).Result.Output!).Nonce;
        var later = Search with { NonceStart = found + 1 };
        var result = new TaskResult("task-2", 0, KernelNames.PowSha256, TaskResultStatus.Ok, 1, new PowSha256Output(true, found, Digest(found)));

        var outcome = _check.Verify(new(Assignment("task-2", 0, "dev-a", later), result));

        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.NonceOutOfRange), (outcome.Status, outcome.ReasonCode));
    }

    [Fact]
    public void Rejects_inflated_ops()
    {
        var honest = Honest(Assignment("task-1", 0, "dev-a", Search));

        var inflated = _check.Verify(new(honest.Assignment, honest.Result with { Ops = honest.Result.Ops + 100 }));
        var overBudget = _check.Verify(new(honest.Assignment, honest.Result with { Ops = 2_000_000 }));

        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.OpsMismatch), (inflated.Status, inflated.ReasonCode));
        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.OpsOverBudget), (overBudget.Status, overBudget.ReasonCode));
    }

    [Fact]
    public void Not_found_is_confirmed_or_refuted_by_reexecution_or_handled_per_policy()
    {
        var hopeless = Assignment("task-1", 0, "dev-a", Search with { NonceCount = 16, Difficulty = 255 });
        var hopelessClaim = Honest(hopeless);
        var solvable = Assignment("task-2", 0, "dev-a", Search);
        var lie = new SubmittedResult(solvable, new TaskResult("task-2", 0, KernelNames.PowSha256, TaskResultStatus.Ok, Search.NonceCount, new PowSha256Output(false, 0, ReadOnlyMemory<byte>.Empty)));
        var kernels = new KernelReExecutor();

        Assert.False(((PowSha256Output)hopelessClaim.Result.Output!).Found);
        Assert.Equal(VerificationReasonCode.NotFoundConfirmed, _check.Verify(hopelessClaim).ReasonCode);
        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.NotFoundRefuted), (_check.Verify(lie).Status, _check.Verify(lie).ReasonCode));
        Assert.Equal(VerificationReasonCode.NotFoundAccepted, new PowDirectCheck(PowNotFoundPolicy.Accept, kernels).Verify(lie).ReasonCode);
        Assert.Equal(VerificationStatus.Pending, new PowDirectCheck(PowNotFoundPolicy.Replicate, kernels).Verify(lie).Status);
        Assert.Equal(16UL, _check.Verify(hopelessClaim).CostUnits);
    }

    private static byte[] Digest(ulong nonce)
    {
        var message = new byte[Prefix.Length + 8];
        Prefix.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(Prefix.Length), nonce);
        return SHA256.HashData(message);
    }
}
