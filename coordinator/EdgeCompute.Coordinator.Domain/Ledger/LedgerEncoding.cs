using System.Buffers.Binary;
using System.Text;

namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// The canonical bytes of an entry, the input of its hash. An explicit length-prefixed layout, every integer
/// big-endian, every string UTF-8 prefixed by its byte length as an unsigned 32-bit integer:
/// <code>
/// "ECL1"                       4 ASCII bytes: format and version
/// sequence                     int64
/// epoch id                     int64
/// timestamp                    int64, Unix microseconds UTC
/// idempotency key              uint32 length + UTF-8
/// kind                         uint32 length + UTF-8
/// memo                         uint32 length + UTF-8
/// posting count                uint32
/// per posting, in entry order: account text (uint32 length + UTF-8), amount (int64, two's complement)
/// </code>
/// The hash and previous hash are not part of the encoding: hash = SHA-256(previous hash (32 bytes) || encoding).
/// </summary>
public static class LedgerEncoding
{
    private static readonly byte[] Magic = "ECL1"u8.ToArray();

    /// <summary>The canonical bytes of an entry's content.</summary>
    /// <param name="entry">The entry; its hashes are ignored.</param>
    public static byte[] Encode(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Encode(entry.Sequence, entry.IdempotencyKey, entry.EpochId, entry.Timestamp, entry.Kind, entry.Memo, entry.Postings);
    }

    /// <summary>The canonical bytes of an entry's content, from its fields.</summary>
    /// <param name="sequence">Position in the chain.</param>
    /// <param name="idempotencyKey">Unique key.</param>
    /// <param name="epochId">Epoch.</param>
    /// <param name="timestamp">Booking time (encoded as whole Unix microseconds).</param>
    /// <param name="kind">Kind.</param>
    /// <param name="memo">Memo.</param>
    /// <param name="postings">Postings in entry order.</param>
    public static byte[] Encode(long sequence, string idempotencyKey, long epochId, DateTimeOffset timestamp, string kind, string memo,
        IReadOnlyList<Posting> postings)
    {
        ArgumentNullException.ThrowIfNull(postings);
        var size = Magic.Length + 3 * 8 + Size(idempotencyKey) + Size(kind) + Size(memo) + 4;
        foreach (var posting in postings) size += Size(posting.Account.Value) + 8;

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        at = WriteInt64(span, at, sequence);
        at = WriteInt64(span, at, epochId);
        at = WriteInt64(span, at, LedgerTime.ToUnixMicroseconds(timestamp));
        at = WriteString(span, at, idempotencyKey);
        at = WriteString(span, at, kind);
        at = WriteString(span, at, memo);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)postings.Count);
        at += 4;
        foreach (var posting in postings)
        {
            at = WriteString(span, at, posting.Account.Value ?? "");
            at = WriteInt64(span, at, posting.Amount);
        }
        return buffer;
    }

    private static int Size(string? text) => 4 + Encoding.UTF8.GetByteCount(text ?? "");

    private static int WriteInt64(Span<byte> span, int at, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(span[at..], value);
        return at + 8;
    }

    private static int WriteString(Span<byte> span, int at, string? text)
    {
        var written = Encoding.UTF8.GetBytes(text ?? "", span[(at + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)written);
        return at + 4 + written;
    }
}
