using System.Diagnostics.CodeAnalysis;

namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// A ledger account, written as text: <c>system:emission</c>, <c>system:fees</c>, <c>system:escrow:{job}</c> or
/// <c>owner:{id}</c>. The text is what is hashed and stored, so it is the identity.
/// </summary>
public readonly record struct AccountId
{
    private const string EscrowPrefix = "system:escrow:";
    private const string OwnerPrefix = "owner:";

    /// <summary>Longest account text accepted, in characters.</summary>
    public const int MaxLength = 200;

    private AccountId(string value, AccountKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The canonical text of the account.</summary>
    public string Value { get; }

    /// <summary>What the account is for.</summary>
    public AccountKind Kind { get; }

    /// <summary>Whether the balance may go below zero: only the emission account, the source of all units.</summary>
    public bool MayGoNegative => Kind == AccountKind.Emission;

    /// <summary>The source of every unit (<c>system:emission</c>).</summary>
    public static AccountId Emission { get; } = new("system:emission", AccountKind.Emission);

    /// <summary>Fees of verified jobs awaiting an epoch payout (<c>system:fees</c>).</summary>
    public static AccountId Fees { get; } = new("system:fees", AccountKind.Fees);

    /// <summary>The escrow account of one job (<c>system:escrow:{job}</c>).</summary>
    /// <param name="jobId">The job id: non-empty, no whitespace or control characters.</param>
    public static AccountId Escrow(string jobId) => new(EscrowPrefix + CheckName(jobId, nameof(jobId)), AccountKind.Escrow);

    /// <summary>An owner's account (<c>owner:{id}</c>).</summary>
    /// <param name="ownerId">The owner id: non-empty, no whitespace or control characters.</param>
    public static AccountId Owner(string ownerId) => new(OwnerPrefix + CheckName(ownerId, nameof(ownerId)), AccountKind.Owner);

    /// <summary>Parses the canonical text of an account.</summary>
    /// <param name="value">Text as written by <see cref="Value"/>.</param>
    /// <param name="account">The account, when the text is one.</param>
    /// <returns>Whether <paramref name="value"/> names an account.</returns>
    public static bool TryParse(string? value, out AccountId account)
    {
        account = default;
        if (value is null || value.Length > MaxLength) return false;
        if (value == Emission.Value) { account = Emission; return true; }
        if (value == Fees.Value) { account = Fees; return true; }
        if (value.StartsWith(EscrowPrefix, StringComparison.Ordinal) && IsName(value.AsSpan(EscrowPrefix.Length)))
        {
            account = new AccountId(value, AccountKind.Escrow);
            return true;
        }
        if (value.StartsWith(OwnerPrefix, StringComparison.Ordinal) && IsName(value.AsSpan(OwnerPrefix.Length)))
        {
            account = new AccountId(value, AccountKind.Owner);
            return true;
        }
        return false;
    }

    /// <summary>Parses the canonical text of an account, throwing <see cref="FormatException"/> when it is not one.</summary>
    /// <param name="value">Text as written by <see cref="Value"/>.</param>
    public static AccountId Parse(string value) =>
        TryParse(value, out var account) ? account : throw new FormatException($"not a ledger account: '{value}'");

    /// <inheritdoc />
    public override string ToString() => Value ?? "";

    private static string CheckName([NotNull] string? name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (!IsName(name) || name.Length > MaxLength - EscrowPrefix.Length)
            throw new ArgumentException($"not a valid account name: '{name}'", parameter);
        return name;
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        }
        return true;
    }
}
