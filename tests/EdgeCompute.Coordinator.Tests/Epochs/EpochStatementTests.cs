using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Tests;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public sealed class EpochStatementTests : IDisposable
{
    private readonly ECDsa _key = P256Keys.Generate();

    public void Dispose() => _key.Dispose();

    private EpochStatement Statement()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 4_000)).Calculate(
            Epoch0, Inputs([Work("A", 700), Work("B", 150), Work("C", 100), Work("D", 50)]));
        return EpochStatementSigner.Sign(Epoch0, plan, Head, _key);
    }

    [Fact]
    public void Signed_statement_verifies_with_the_coordinator_public_key()
    {
        var statement = Statement();
        using var publicKey = P256Keys.ImportPublicKey(P256Keys.ExportPublicKey(_key));

        var result = EpochStatementVerifier.Verify(statement, publicKey);

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(["A", "B", "C", "D"], statement.Payouts.Select(p => p.Owner));
        Assert.Equal(1_000_000, statement.TotalPaid);
        Assert.Equal(42, statement.LedgerHead.Sequence);
        // 400,000 / 300,000 / 200,000 / 100,000: Σ i·x (ascending) = 1·100k + 2·200k + 3·300k + 4·400k = 3,000,000
        // Gini = (6,000,000 − 5·1,000,000) / (4·1,000,000) = 1/4; Nakamoto: 400k not > 500k, 700k is -> 2.
        Assert.Equal(new Ratio(1, 4), statement.Metrics.Gini);
        Assert.Equal(2, statement.Metrics.Nakamoto);
        Assert.Equal(new Ratio(2, 5), statement.Metrics.TopDecileShare);
    }

    [Fact]
    public void Owners_fetch_inclusion_proofs_that_verify_against_the_signed_root()
    {
        var statement = Statement();
        var tree = statement.BuildTree();

        foreach (var line in statement.Payouts)
        {
            Assert.True(tree.TryGetProof(line.Owner, out var proof));
            Assert.True(InclusionProof.Verify(proof!, statement.MerkleRoot.AsSpan(), line.Owner, line.Amount));
        }
    }

    public static TheoryData<string, StatementVerificationReason> Tampering => new()
    {
        { "amount", StatementVerificationReason.TotalsMismatch },
        { "swap amounts", StatementVerificationReason.MerkleRootMismatch },
        { "root", StatementVerificationReason.MerkleRootMismatch },
        { "ledger head", StatementVerificationReason.BadSignature },
        { "epoch id", StatementVerificationReason.BadSignature },
        { "carried", StatementVerificationReason.TotalsMismatch },
        { "metrics", StatementVerificationReason.MetricsMismatch },
        { "order", StatementVerificationReason.NotCanonical },
        { "signature", StatementVerificationReason.BadSignature },
        { "short signature", StatementVerificationReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void Tampered_statement_fails_with_a_reason(string change, StatementVerificationReason expected)
    {
        var s = Statement();
        var lines = s.Payouts;
        var tampered = change switch
        {
            "amount" => s with { Payouts = lines.SetItem(1, lines[1] with { Amount = lines[1].Amount + 1 }) },
            "swap amounts" => s with { Payouts = lines.SetItem(0, lines[0] with { Amount = lines[1].Amount }).SetItem(1, lines[1] with { Amount = lines[0].Amount }) },
            "root" => s with { MerkleRoot = [.. new byte[32]] },
            "ledger head" => s with { LedgerHead = s.LedgerHead with { Sequence = 43 } },
            "epoch id" => s with { EpochId = 1 },
            "carried" => s with { Carried = 1 },
            "metrics" => s with { Metrics = s.Metrics with { Nakamoto = 3 } },
            "order" => s with { Payouts = [.. lines.Reverse()] },
            "signature" => s with { Signature = s.Signature.SetItem(10, (byte)(s.Signature[10] ^ 1)) },
            "short signature" => s with { Signature = s.Signature.RemoveAt(0) },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        var result = EpochStatementVerifier.Verify(tampered, _key);

        Assert.Equal(expected, result.Reason);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Statement_signed_by_another_key_fails()
    {
        using var other = P256Keys.Generate();

        Assert.Equal(StatementVerificationReason.BadSignature, EpochStatementVerifier.Verify(Statement(), other).Reason);
    }

    // str8 tag (1+30) | epoch u64 | start, end i64 | emission, fees, pot, paid, carried u64 | str8 "system:emission" (1+15)
    // | count u32 | root 32 | head seq u64 + hash 32 | gini 16+16 | nakamoto u32 | top decile 16+16 = 255 bytes
    [Fact]
    public void To_be_signed_encoding_follows_the_documented_layout()
    {
        var s = Statement();

        var tbs = EpochStatementEncoding.ToBeSigned(s);

        Assert.Equal(255, tbs.Length);
        Assert.Equal(30, tbs[0]);
        Assert.Equal("EdgeCompute/epoch-statement/v1", Encoding.ASCII.GetString(tbs, 1, 30));
        Assert.Equal(0, BinaryPrimitives.ReadInt64BigEndian(tbs.AsSpan(31)));
        Assert.Equal((Genesis - DateTimeOffset.UnixEpoch).Ticks, BinaryPrimitives.ReadInt64BigEndian(tbs.AsSpan(39)));
        Assert.Equal(1_000_000, BinaryPrimitives.ReadInt64BigEndian(tbs.AsSpan(71)));
        Assert.Equal("system:emission", Encoding.UTF8.GetString(tbs, 96, 15));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(tbs.AsSpan(111)));
        Assert.Equal(s.MerkleRoot.ToArray(), tbs[115..147]);
        Assert.Equal(42, BinaryPrimitives.ReadInt64BigEndian(tbs.AsSpan(147)));
        Assert.Equal(s.LedgerHead.Hash.ToArray(), tbs[155..187]);
        Assert.Equal((Int128)1, BinaryPrimitives.ReadInt128BigEndian(tbs.AsSpan(187)));
        Assert.Equal((Int128)4, BinaryPrimitives.ReadInt128BigEndian(tbs.AsSpan(203)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(tbs.AsSpan(219)));
    }

    [Fact]
    public void Zero_credit_statement_has_no_lines_the_empty_root_and_the_whole_pot_carried()
    {
        var plan = new RewardCalculator(Policy()).Calculate(Epoch0, Inputs());
        var statement = EpochStatementSigner.Sign(Epoch0, plan, Head, _key);

        Assert.Empty(statement.Payouts);
        Assert.Equal(SHA256.HashData([]), statement.MerkleRoot.ToArray());
        Assert.Equal(1_000_000, statement.Carried);
        Assert.True(EpochStatementVerifier.Verify(statement, _key).IsSuccess);
    }

    [Fact]
    public void Statement_for_one_hundred_thousand_owners_is_calculated_signed_and_verified_quickly()
    {
        var random = TestSeed.Random(100_000);
        var credits = Enumerable.Range(0, 100_000).Select(i => Work($"owner-{i:D6}", random.Next(1, 1_000_000))).ToArray();
        var policy = Policy(capBasisPoints: 2_000, emission: 1_000_000_000_000);
        var watch = Stopwatch.StartNew();

        var plan = new RewardCalculator(policy).Calculate(Epoch0, Inputs(credits));
        var calculated = watch.Elapsed;
        var statement = EpochStatementSigner.Sign(Epoch0, plan, Head, _key);
        var signed = watch.Elapsed;
        var result = EpochStatementVerifier.Verify(statement, _key);
        var tree = statement.BuildTree();
        Assert.True(tree.GetProof(54_321).Verify(statement.MerkleRoot.AsSpan(), statement.Payouts[54_321].Owner, statement.Payouts[54_321].Amount));
        watch.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"100,000 owners: plan {calculated.TotalMilliseconds:F0} ms, statement signed {(signed - calculated).TotalMilliseconds:F0} ms, verified + proof {(watch.Elapsed - signed).TotalMilliseconds:F0} ms; Gini {statement.Metrics.Gini.ToDouble():F4}, Nakamoto {statement.Metrics.Nakamoto}");
        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(statement.Pot, statement.TotalPaid + statement.Carried);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Chain_head_requires_a_32_byte_hash()
    {
        Assert.Throws<ArgumentException>(() => LedgerChainHead.Create(1, new byte[31]));
        Assert.Equal(ImmutableArray.Create(new byte[32]).Length, LedgerChainHead.Create(1, new byte[32]).Hash.Length);
    }
}
