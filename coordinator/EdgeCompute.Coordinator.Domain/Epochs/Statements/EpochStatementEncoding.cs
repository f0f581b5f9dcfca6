using System.Buffers.Binary;
using System.Text;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// The canonical bytes a statement's signature covers (all integers big-endian):
/// <code>
/// str8  "EdgeCompute/epoch-statement/v1"     domain separation and version
/// u64   epoch id
/// i64   start, i64 end                       100 ns ticks since 1970-01-01T00:00:00Z
/// u64   emission, fees, pot, total paid, carried
/// str8  carry account (UTF-8)
/// u32   owner count
/// 32 B  Merkle root                          commits to every (owner, amount) line
/// u64   ledger head sequence, 32 B ledger head hash
/// i128  Gini numerator, i128 Gini denominator (lowest terms)
/// u32   Nakamoto coefficient
/// i128  top-decile numerator, i128 top-decile denominator (lowest terms)
/// </code>
/// <c>str8</c> is one length byte and up to 255 UTF-8 bytes.
/// </summary>
public static class EpochStatementEncoding
{
    /// <summary>The domain-separation tag at the start of the encoding.</summary>
    public const string Tag = "EdgeCompute/epoch-statement/v1";

    /// <summary>Encodes the signed fields of <paramref name="statement"/> (everything but the signature).</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>The to-be-signed bytes.</returns>
    /// <exception cref="ArgumentException">A hash of the wrong length or a string too long for str8.</exception>
    public static byte[] ToBeSigned(EpochStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        RequireHash(statement.MerkleRoot.IsDefault ? [] : statement.MerkleRoot.AsSpan(), nameof(statement.MerkleRoot));
        var head = statement.LedgerHead ?? throw new ArgumentException("a statement needs a ledger head", nameof(statement));
        RequireHash(head.Hash.IsDefault ? [] : head.Hash.AsSpan(), nameof(statement.LedgerHead));

        var buffer = new List<byte>(320);
        WriteStr8(buffer, Tag);
        WriteU64(buffer, statement.EpochId);
        WriteU64(buffer, statement.Start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        WriteU64(buffer, statement.End.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        WriteU64(buffer, statement.Emission);
        WriteU64(buffer, statement.Fees);
        WriteU64(buffer, statement.Pot);
        WriteU64(buffer, statement.TotalPaid);
        WriteU64(buffer, statement.Carried);
        WriteStr8(buffer, statement.CarryAccount);
        WriteU32(buffer, statement.Payouts.IsDefault ? 0 : statement.Payouts.Length);
        buffer.AddRange(statement.MerkleRoot);
        WriteU64(buffer, head.Sequence);
        buffer.AddRange(head.Hash);
        WriteRatio(buffer, statement.Metrics.Gini);
        WriteU32(buffer, statement.Metrics.Nakamoto);
        WriteRatio(buffer, statement.Metrics.TopDecileShare);
        return [.. buffer];
    }

    private static void RequireHash(ReadOnlySpan<byte> hash, string name)
    {
        if (hash.Length != MerkleHashing.HashSize)
        {
            throw new ArgumentException($"{name} must be {MerkleHashing.HashSize} bytes, found {hash.Length}", name);
        }
    }

    private static void WriteStr8(List<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
        if (bytes.Length > 255)
        {
            throw new ArgumentException($"'{value}' is longer than 255 UTF-8 bytes", nameof(value));
        }

        buffer.Add((byte)bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void WriteU32(List<byte> buffer, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void WriteU64(List<byte> buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void WriteRatio(List<byte> buffer, Ratio ratio)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(bytes, ratio.Numerator);
        buffer.AddRange(bytes);
        BinaryPrimitives.WriteInt128BigEndian(bytes, ratio.Denominator);
        buffer.AddRange(bytes);
    }
}
