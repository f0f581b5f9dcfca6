using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>Rechecks a statement from its own contents: shape, order, totals, Merkle root, metrics and signature.</summary>
public static class EpochStatementVerifier
{
    /// <summary>Verifies <paramref name="statement"/> with the coordinator's public key.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="coordinatorPublicKey">The coordinator's P-256 public key.</param>
    /// <returns>The first failed check, or valid.</returns>
    public static StatementVerification Verify(EpochStatement statement, ECDsa coordinatorPublicKey)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(coordinatorPublicKey);

        if (statement.Payouts.IsDefault || statement.MerkleRoot.IsDefault || statement.MerkleRoot.Length != MerkleHashing.HashSize
            || statement.LedgerHead is null || statement.LedgerHead.Hash.IsDefault || statement.LedgerHead.Hash.Length != MerkleHashing.HashSize
            || statement.LedgerHead.Sequence < 0 || statement.Signature.IsDefault || statement.Signature.Length != 64
            || statement.End <= statement.Start || statement.Metrics is null)
        {
            return Fail(StatementVerificationReason.Malformed, "a hash, signature, head, metrics or time range has the wrong shape");
        }

        long sum = 0;
        for (var i = 0; i < statement.Payouts.Length; i++)
        {
            var line = statement.Payouts[i];
            if (line is null || line.Amount < 0 || !IsOwnerId(line.Owner))
            {
                return Fail(StatementVerificationReason.Malformed, $"line {i} has a bad owner id or a negative amount");
            }

            if (i > 0 && OwnerOrder.Instance.Compare(statement.Payouts[i - 1].Owner, line.Owner) >= 0)
            {
                return Fail(StatementVerificationReason.NotCanonical, $"line {i} ('{line.Owner}') is not after '{statement.Payouts[i - 1].Owner}'");
            }

            if (!TryAdd(sum, line.Amount, out sum))
            {
                return Fail(StatementVerificationReason.TotalsMismatch, "lines overflow a 64-bit total");
            }
        }

        if (sum != statement.TotalPaid || statement.Carried < 0 || statement.Emission < 0 || statement.Fees < 0
            || !TryAdd(statement.TotalPaid, statement.Carried, out var paidAndCarried) || paidAndCarried != statement.Pot
            || !TryAdd(statement.Emission, statement.Fees, out var potFromSources) || potFromSources != statement.Pot)
        {
            return Fail(StatementVerificationReason.TotalsMismatch, $"lines sum to {sum}; paid {statement.TotalPaid} + carried {statement.Carried}, emission {statement.Emission} + fees {statement.Fees}, pot {statement.Pot}");
        }

        var root = MerkleTree.ComputeRoot(statement.Payouts);
        if (!root.AsSpan().SequenceEqual(statement.MerkleRoot.AsSpan()))
        {
            return Fail(StatementVerificationReason.MerkleRootMismatch, $"lines hash to {Convert.ToHexString(root.AsSpan())}, statement says {Convert.ToHexString(statement.MerkleRoot.AsSpan())}");
        }

        var metrics = PayoutMetricsCalculator.Compute(statement.Payouts.Select(l => l.Amount));
        if (metrics != statement.Metrics)
        {
            return Fail(StatementVerificationReason.MetricsMismatch, $"lines give {metrics}, statement says {statement.Metrics}");
        }

        byte[] toBeSigned;
        try
        {
            toBeSigned = EpochStatementEncoding.ToBeSigned(statement);
        }
        catch (ArgumentException e)
        {
            return Fail(StatementVerificationReason.Malformed, e.Message);
        }

        var signed = coordinatorPublicKey.KeySize == 256 && coordinatorPublicKey.VerifyData(
            toBeSigned, statement.Signature.AsSpan(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed
            ? new StatementVerification(StatementVerificationReason.Valid, $"epoch {statement.EpochId}: {statement.Payouts.Length} owners, {statement.TotalPaid} paid, {statement.Carried} carried")
            : Fail(StatementVerificationReason.BadSignature, "the signature does not verify with the coordinator key");
    }

    private static bool TryAdd(long a, long b, out long sum)
    {
        var exact = (Int128)a + b;
        sum = exact > long.MaxValue || exact < long.MinValue ? 0 : (long)exact;
        return exact == sum;
    }

    private static bool IsOwnerId(string? owner)
    {
        try
        {
            return owner is not null && OwnerIdEncoding.Encode(owner).Length > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static StatementVerification Fail(StatementVerificationReason reason, string detail) => new(reason, detail);
}
