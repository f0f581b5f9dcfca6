using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Domain.Epochs.Settlement;

/// <summary>
/// Turns an epoch's <see cref="PayoutPlan"/> into balanced ledger transfers (kind <see cref="LedgerEntryKinds.Payout"/>).
/// <list type="bullet">
/// <item><description>What must move, per account: <c>system:fees</c> gives the plan's <c>Fees</c>, <c>system:emission</c>
/// gives the plan's <c>Emission</c>, the carry account receives <c>Carried</c>, and each owner <c>owner:{payout account}</c>
/// receives its amount. Accounts that appear twice (the default carry account is <c>system:emission</c>) are netted
/// first, so the carried units simply stay in (or return to) the carry account.</description></item>
/// <item><description>Owners with a positive amount are cut into chunks of at most <c>maxOwnersPerEntry</c>, in plan
/// order; chunk <c>n</c> (from 0) is one entry keyed <c>epoch:{id}:payout:{n}</c>. Each chunk draws its total from the
/// giving accounts in order — <c>system:fees</c> first, then <c>system:emission</c>, then any other — and the last chunk
/// also credits the receiving system accounts (e.g. a carry account other than emission).</description></item>
/// <item><description>Every entry is balanced, has no zero posting and at most one posting per account; over all entries
/// each account moves exactly its net amount.</description></item>
/// </list>
/// Pure and deterministic: the same plan always gives the same transfers, so a retried close books nothing new.
/// </summary>
public static class EpochPayoutTransfers
{
    /// <summary>The default most owners credited by one entry.</summary>
    public const int DefaultMaxOwnersPerEntry = 500;

    /// <summary>The key prefix of an epoch's payout entries: <c>epoch:{id}:payout:</c>.</summary>
    /// <param name="epochId">The epoch.</param>
    public static string KeyPrefix(long epochId) => $"epoch:{epochId}:payout:";

    /// <summary>The key of one payout entry: <c>epoch:{id}:payout:{chunk}</c>.</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="chunk">The chunk, from 0.</param>
    public static string Key(long epochId, int chunk) => KeyPrefix(epochId) + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the epoch id out of a payout key.</summary>
    /// <param name="idempotencyKey">A ledger entry's key.</param>
    /// <param name="epochId">The epoch, when the key is a payout key.</param>
    /// <returns>Whether the key has the form <c>epoch:{id}:payout:{chunk}</c>.</returns>
    public static bool TryParseKey(string? idempotencyKey, out long epochId)
    {
        epochId = 0;
        if (idempotencyKey is null || !idempotencyKey.StartsWith("epoch:", StringComparison.Ordinal)) return false;
        var parts = idempotencyKey.Split(':');
        return parts.Length == 4 && parts[2] == "payout"
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out epochId)
            && int.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    /// <summary>The ledger account an owner line of a plan or statement is paid into: <c>owner:{owner}</c>.</summary>
    /// <param name="owner">The owner's payout account as written in the plan.</param>
    /// <exception cref="ArgumentException">The text is not a valid account name (empty, whitespace or control characters).</exception>
    public static AccountId AccountOf(string owner) => AccountId.Owner(owner);

    /// <summary>The plan's payouts as balanced transfers.</summary>
    /// <param name="plan">A balanced plan.</param>
    /// <param name="maxOwnersPerEntry">Most owners credited by one entry; at least 1.</param>
    /// <returns>The transfers in booking order (none when nothing moves).</returns>
    /// <exception cref="ArgumentException">The plan does not balance, repeats an owner, has a negative amount, names an owner
    /// that is not a valid account name, or names a carry account that is not a ledger account.</exception>
    public static IReadOnlyList<LedgerTransfer> Build(PayoutPlan plan, int maxOwnersPerEntry = DefaultMaxOwnersPerEntry)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOwnersPerEntry, 1);
        if (!plan.IsBalanced || plan.Carried < 0 || plan.Emission < 0 || plan.Fees < 0)
            throw new ArgumentException($"the plan of epoch {plan.EpochId} does not balance", nameof(plan));
        if (!AccountId.TryParse(plan.CarryAccount, out var carry))
            throw new ArgumentException($"carry account '{plan.CarryAccount}' is not a ledger account", nameof(plan));

        // net movement of the system accounts: negative gives, positive receives
        var net = new Dictionary<AccountId, long>();
        void Add(AccountId account, long amount) => net[account] = checked(net.GetValueOrDefault(account) + amount);
        Add(AccountId.Fees, -plan.Fees);
        Add(AccountId.Emission, -plan.Emission);
        Add(carry, plan.Carried);

        var owners = new List<Posting>(plan.Payouts.Count);
        var seen = new HashSet<AccountId>();
        foreach (var payout in plan.Payouts)
        {
            if (payout.Amount < 0) throw new ArgumentException($"owner '{payout.Owner}' has a negative amount", nameof(plan));
            var account = AccountOf(payout.Owner);
            if (!seen.Add(account) || net.ContainsKey(account))
                throw new ArgumentException($"owner '{payout.Owner}' appears twice or is also a system account of the plan", nameof(plan));
            if (payout.Amount > 0) owners.Add(new Posting(account, payout.Amount));
        }

        var sources = net.Where(p => p.Value < 0).OrderBy(p => SourceRank(p.Key)).ThenBy(p => p.Key.Value, StringComparer.Ordinal)
            .Select(p => new Posting(p.Key, -p.Value)).ToList();
        var systemSinks = net.Where(p => p.Value > 0).OrderBy(p => p.Key.Value, StringComparer.Ordinal).Select(p => new Posting(p.Key, p.Value)).ToList();
        if (owners.Count == 0 && systemSinks.Count == 0) return [];

        var chunkCount = Math.Max(1, (owners.Count + maxOwnersPerEntry - 1) / maxOwnersPerEntry);
        var transfers = new List<LedgerTransfer>(chunkCount);
        var source = 0;
        var sourceLeft = sources.Count > 0 ? sources[0].Amount : 0;
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var credits = owners.Skip(chunk * maxOwnersPerEntry).Take(maxOwnersPerEntry).ToList();
            if (chunk == chunkCount - 1) credits.AddRange(systemSinks);
            var need = credits.Aggregate(0L, (sum, p) => checked(sum + p.Amount));
            var postings = new List<Posting>(credits.Count + 2);
            while (need > 0)
            {
                // sources and sinks net to zero in total, so a source is always left while something is needed
                var take = Math.Min(need, sourceLeft);
                postings.Add(new Posting(sources[source].Account, -take));
                need -= take;
                sourceLeft -= take;
                if (sourceLeft == 0 && ++source < sources.Count) sourceLeft = sources[source].Amount;
            }
            postings.AddRange(credits);
            transfers.Add(new LedgerTransfer(Key(plan.EpochId, chunk), plan.EpochId, LedgerEntryKinds.Payout,
                $"epoch {plan.EpochId} payout {chunk + 1}/{chunkCount}", postings));
        }
        return transfers;
    }

    private static int SourceRank(AccountId account) => account.Kind switch
    {
        AccountKind.Fees => 0,
        AccountKind.Emission => 1,
        _ => 2,
    };
}
