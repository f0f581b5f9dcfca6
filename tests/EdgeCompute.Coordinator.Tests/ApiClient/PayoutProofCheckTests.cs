using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Client.Epochs;
using EdgeCompute.Client.Proofs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Tests.Api;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Coordinator.Tests.ApiClient;

/// <summary>
/// An owner checks their payout with the key pinned at provisioning: a real closed epoch's statement and proof pass, and
/// any tampering with the proof, the root or the signature fails, whatever key the answer itself carries.
/// </summary>
public sealed class PayoutProofCheckTests
{
    private const string Primes = """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_real_payout_checks_with_the_pinned_key()
    {
        var (statement, proof, owner, pinned) = await ClosedEpochAsync();

        var check = PayoutProofVerifier.Verify(statement, proof, owner, pinned);

        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(statement.Payouts.Single(l => l.Owner == owner).Amount, check.Amount);
    }

    [Fact]
    public async Task The_client_fetches_and_checks_in_one_call()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = await CloseEpochWithWorkAsync(world);
        using var client = ClientWorld.Client(world, world.TokenOf(owner));

        var check = await client.GetVerifiedPayoutAsync(0, owner, world.Work.Registry.CoordinatorPublicKey, Ct);

        Assert.True(check.IsValid, check.Detail);
    }

    [Fact]
    public async Task A_tampered_proof_fails()
    {
        var (statement, proof, owner, pinned) = await ClosedEpochAsync();
        Assert.NotEmpty(proof.Siblings);
        var sibling = proof.Siblings[0];
        var flipped = (sibling[0] == '0' ? "1" : "0") + sibling[1..];

        Assert.Equal(PayoutProofReason.ProofInvalid, PayoutProofVerifier.Verify(statement, proof with { Siblings = [flipped, .. proof.Siblings.Skip(1)] }, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.ProofInvalid, PayoutProofVerifier.Verify(statement, proof with { Amount = proof.Amount + 1 }, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.ProofInvalid, PayoutProofVerifier.Verify(statement, proof with { Siblings = [.. proof.Siblings.Skip(1)] }, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.ProofMismatch, PayoutProofVerifier.Verify(statement, proof with { LeafCount = proof.LeafCount + 1 }, owner, pinned).Reason);
    }

    [Fact]
    public async Task A_tampered_root_fails()
    {
        var (statement, proof, owner, pinned) = await ClosedEpochAsync();
        var other = Convert.ToHexStringLower(SHA256.HashData("another tree"u8));

        Assert.Equal(PayoutProofReason.RootMismatch, PayoutProofVerifier.Verify(statement with { MerkleRoot = other }, proof with { Root = other }, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.RootMismatch, PayoutProofVerifier.Verify(statement, proof with { Root = other }, owner, pinned).Reason);
    }

    [Fact]
    public async Task A_tampered_signature_fails()
    {
        var (statement, proof, owner, pinned) = await ClosedEpochAsync();
        var signature = Convert.FromBase64String(statement.Signature);
        signature[5] ^= 0x01;
        var signed = Convert.FromBase64String(statement.SignedBytes);
        signed[^1] ^= 0x01;

        Assert.Equal(PayoutProofReason.SignatureInvalid, PayoutProofVerifier.Verify(statement with { Signature = Convert.ToBase64String(signature) }, proof, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.SignatureInvalid, PayoutProofVerifier.Verify(statement with { SignedBytes = Convert.ToBase64String(signed) }, proof, owner, pinned).Reason);
    }

    [Fact]
    public async Task A_statement_re_signed_with_the_key_in_the_answer_fails_against_the_pinned_key()
    {
        // Whoever controls the answer can sign a forged root and put their own key beside it; only the pinned key tells.
        var (statement, proof, owner, pinned) = await ClosedEpochAsync();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = Convert.FromBase64String(statement.SignedBytes);
        var forged = statement with
        {
            Signature = Convert.ToBase64String(forger.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
            CoordinatorPublicKey = Convert.ToBase64String(forger.ExportSubjectPublicKeyInfo()),
        };

        Assert.True(PayoutProofVerifier.Verify(forged, proof, owner, forged.CoordinatorPublicKey).IsValid); // the trap: trusting the answer's key
        Assert.Equal(PayoutProofReason.SignatureInvalid, PayoutProofVerifier.Verify(forged, proof, owner, pinned).Reason);
        Assert.Equal(PayoutProofReason.BadPinnedKey, PayoutProofVerifier.Verify(statement, proof, owner, "not a key").Reason);
    }

    private static async Task<(EpochStatementView Statement, InclusionProofView Proof, string Owner, string PinnedKey)> ClosedEpochAsync()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = await CloseEpochWithWorkAsync(world);
        using var client = ClientWorld.Client(world, world.TokenOf(owner));
        var statement = await client.GetEpochStatementAsync(0, Ct);
        var proof = await client.GetPayoutProofAsync(0, owner, Ct);
        Assert.True(statement.Payouts.Count >= 2, "a tree of one line has no siblings to tamper with");
        return (statement, proof, owner, world.Work.Registry.CoordinatorPublicKey);
    }

    /// <summary>Epoch 0 with a completed job, closed; returns an owner with a payout line.</summary>
    private static async Task<string> CloseEpochWithWorkAsync(ApiWorld world)
    {
        var submitter = world.Owner(0);
        await world.Work.FundAsync(submitter, 10_000);
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/jobs", Primes, world.TokenOf(submitter))).StatusCode);
        await world.Work.RunUntilDoneAsync();
        world.Work.Clock.Advance(TimeSpan.FromHours(1));
        var closed = await world.Settlement().CloseAsync(0, Ct);
        Assert.True(closed.Reason == EpochSettlementReason.Closed, closed.Detail);
        return closed.Statement!.Payouts[0].Owner;
    }
}
