using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// A whole statement as stored: the signed bytes of <see cref="EpochStatementEncoding.ToBeSigned"/> unchanged, then
/// what they commit to but do not hold — every payout line (<c>str8</c> owner, <c>u64</c> amount, in statement order,
/// as many as the signed owner count) — then the signature (<c>u8</c> length + bytes). Decoding is strict: trailing or
/// missing bytes, bad UTF-8 or an impossible ratio make it fail, so a store can tell a damaged row from a statement.
/// Whether the decoded statement is genuine is <see cref="EpochStatementVerifier"/>'s question.
/// </summary>
public static class EpochStatementStorageEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Encodes a statement for storage.</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">A field that cannot be encoded (see <see cref="EpochStatementEncoding.ToBeSigned"/>), or a signature over 255 bytes.</exception>
    public static byte[] Encode(EpochStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var buffer = new List<byte>(EpochStatementEncoding.ToBeSigned(statement));
        Span<byte> u64 = stackalloc byte[8];
        foreach (var line in statement.Payouts.IsDefault ? [] : statement.Payouts)
        {
            var owner = OwnerIdEncoding.Encode(line.Owner);
            buffer.Add((byte)owner.Length);
            buffer.AddRange(owner);
            BinaryPrimitives.WriteInt64BigEndian(u64, line.Amount);
            buffer.AddRange(u64);
        }

        var signature = statement.Signature.IsDefault ? [] : statement.Signature;
        if (signature.Length > 255) throw new ArgumentException("a signature is at most 255 bytes", nameof(statement));
        buffer.Add((byte)signature.Length);
        buffer.AddRange(signature);
        return [.. buffer];
    }

    /// <summary>Decodes stored bytes.</summary>
    /// <param name="bytes">Bytes written by <see cref="Encode"/>.</param>
    /// <param name="statement">The statement, when the bytes are well formed.</param>
    /// <returns>Whether the bytes are a well-formed stored statement.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out EpochStatement? statement)
    {
        statement = null;
        try
        {
            var reader = new Reader(bytes.ToArray());
            if (reader.Str8() != EpochStatementEncoding.Tag) return false;
            var epochId = reader.I64();
            var start = DateTimeOffset.UnixEpoch.AddTicks(reader.I64());
            var end = DateTimeOffset.UnixEpoch.AddTicks(reader.I64());
            var (emission, fees, pot, paid, carried) = (reader.I64(), reader.I64(), reader.I64(), reader.I64(), reader.I64());
            var carryAccount = reader.Str8();
            var count = reader.U32();
            var root = reader.Bytes(MerkleHashing.HashSize);
            var head = new LedgerChainHead(reader.I64(), [.. reader.Bytes(MerkleHashing.HashSize)]);
            var gini = reader.Ratio();
            var nakamoto = (int)reader.U32();
            var topDecile = reader.Ratio();
            if (count > (uint)bytes.Length) return false;
            var lines = ImmutableArray.CreateBuilder<PayoutLine>((int)count);
            for (var i = 0; i < count; i++) lines.Add(new PayoutLine(reader.Str8(), reader.I64()));
            var signature = reader.Bytes(reader.U8());
            if (!reader.AtEnd) return false;
            statement = new EpochStatement(epochId, start, end, emission, fees, pot, paid, carried, carryAccount, lines.MoveToImmutable(), [.. root],
                head, new PayoutMetrics((int)count, gini, nakamoto, topDecile), [.. signature]);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    private sealed class Reader(byte[] bytes)
    {
        private int _offset;

        public bool AtEnd => _offset == bytes.Length;

        public byte[] Bytes(int length)
        {
            if (length < 0 || length > bytes.Length - _offset) throw new IndexOutOfRangeException("truncated");
            var result = bytes.AsSpan(_offset, length).ToArray();
            _offset += length;
            return result;
        }

        public int U8() => Bytes(1)[0];

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public long I64() => BinaryPrimitives.ReadInt64BigEndian(Bytes(8));

        public string Str8() => StrictUtf8.GetString(Bytes(U8()));

        public Ratio Ratio()
        {
            var numerator = BinaryPrimitives.ReadInt128BigEndian(Bytes(16));
            var denominator = BinaryPrimitives.ReadInt128BigEndian(Bytes(16));
            var ratio = new Ratio(numerator, denominator);
            // the signed encoding holds ratios in lowest terms; anything else would not encode back to the same bytes
            if (ratio.Numerator != numerator || ratio.Denominator != denominator) throw new ArgumentException("ratio not in lowest terms");
            return ratio;
        }
    }
}
