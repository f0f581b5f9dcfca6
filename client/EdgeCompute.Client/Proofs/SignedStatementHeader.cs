using System.Buffers.Binary;
using System.Text;

namespace EdgeCompute.Client.Proofs;

/// <summary>
/// The fields of a statement's signed bytes that a payout check needs, read from the canonical encoding
/// (<c>EdgeCompute/epoch-statement/v1</c>; big-endian): str8 tag, u64 epoch, i64 start, i64 end, u64 emission, fees,
/// pot, total paid, carried, str8 carry account, u32 owner count, 32-byte Merkle root, then the ledger head and metrics.
/// </summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="OwnerCount">Payout lines (leaves).</param>
/// <param name="MerkleRoot">The signed Merkle root.</param>
internal sealed record SignedStatementHeader(long EpochId, int OwnerCount, byte[] MerkleRoot)
{
    public const string Tag = "EdgeCompute/epoch-statement/v1";

    public static SignedStatementHeader? TryRead(ReadOnlySpan<byte> signed)
    {
        var tag = Encoding.ASCII.GetBytes(Tag);
        if (signed.Length < 1 + tag.Length || signed[0] != tag.Length || !signed.Slice(1, tag.Length).SequenceEqual(tag))
        {
            return null;
        }

        var at = 1 + tag.Length;
        if (signed.Length < at + (8 * 8) + 1)
        {
            return null;
        }

        var epoch = BinaryPrimitives.ReadInt64BigEndian(signed[at..]);
        at += 8 * 8; // epoch, start, end, emission, fees, pot, total paid, carried
        at += 1 + signed[at]; // carry account
        if (signed.Length < at + 4 + 32)
        {
            return null;
        }

        var owners = BinaryPrimitives.ReadInt32BigEndian(signed[at..]);
        at += 4;
        return owners < 0 ? null : new SignedStatementHeader(epoch, owners, signed.Slice(at, 32).ToArray());
    }
}
