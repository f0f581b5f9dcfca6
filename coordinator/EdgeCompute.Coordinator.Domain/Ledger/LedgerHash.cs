using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>A 32-byte SHA-256 chain hash, compared by value.</summary>
public sealed class LedgerHash : IEquatable<LedgerHash>
{
    /// <summary>Length of a hash in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private LedgerHash(byte[] bytes) => _bytes = bytes;

    /// <summary>32 zero bytes: the previous hash of the first entry.</summary>
    public static LedgerHash Zero { get; } = new(new byte[Length]);

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Copies 32 bytes into a hash.</summary>
    /// <param name="bytes">Exactly <see cref="Length"/> bytes.</param>
    public static LedgerHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a ledger hash is {Length} bytes, not {bytes.Length}", nameof(bytes));
        return new LedgerHash(bytes.ToArray());
    }

    /// <summary>Parses 64 hex digits.</summary>
    /// <param name="hex">The hash in hex, either case.</param>
    public static LedgerHash FromHex(string hex) => FromBytes(Convert.FromHexString(hex));

    /// <summary>A copy of the bytes, e.g. for a database parameter.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Lower-case hex.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <inheritdoc />
    public bool Equals(LedgerHash? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LedgerHash);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <inheritdoc />
    public override string ToString() => ToHex();
}
