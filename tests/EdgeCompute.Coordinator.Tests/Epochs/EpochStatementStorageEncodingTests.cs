using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Protocol.Security;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public sealed class EpochStatementStorageEncodingTests : IDisposable
{
    private readonly ECDsa _key = P256Keys.Generate();

    public void Dispose() => _key.Dispose();

    private EpochStatement Statement() =>
        EpochStatementSigner.Sign(Epoch0, new RewardCalculator(Policy()).Calculate(Epoch0, Inputs([Work("A", 3), Work("B", 1), Work("Zoë", 2)])), Head, _key);

    [Fact]
    public void Round_trips_a_signed_statement_that_still_verifies()
    {
        var statement = Statement();
        var bytes = EpochStatementStorageEncoding.Encode(statement);

        Assert.True(EpochStatementStorageEncoding.TryDecode(bytes, out var decoded));
        Assert.Equal(bytes, EpochStatementStorageEncoding.Encode(decoded!));
        Assert.Equal(EpochStatementEncoding.ToBeSigned(statement), bytes.AsSpan(0, EpochStatementEncoding.ToBeSigned(statement).Length).ToArray());
        Assert.Equal(statement.Payouts, decoded!.Payouts);
        Assert.Equal(statement.Metrics, decoded.Metrics);
        Assert.True(EpochStatementVerifier.Verify(decoded, _key).IsSuccess);
    }

    [Fact]
    public void Truncated_or_extended_bytes_do_not_decode_and_a_changed_amount_fails_verification()
    {
        var bytes = EpochStatementStorageEncoding.Encode(Statement());

        Assert.False(EpochStatementStorageEncoding.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _));
        Assert.False(EpochStatementStorageEncoding.TryDecode([.. bytes, 0], out _));
        Assert.False(EpochStatementStorageEncoding.TryDecode([], out _));

        var tampered = (byte[])bytes.Clone();
        tampered[^66] ^= 1; // last byte of the last line's amount, just before the signature
        Assert.True(EpochStatementStorageEncoding.TryDecode(tampered, out var decoded));
        Assert.False(EpochStatementVerifier.Verify(decoded!, _key).IsSuccess);
    }
}
