using EdgeCompute.Coordinator.Domain.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>Accounts, transfers and small chains shared by the ledger tests.</summary>
internal static class LedgerFixtures
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static AccountId Owner(int i) => AccountId.Owner($"o{i}");

    public static LedgerTransfer Emit(string key, AccountId to, long amount, long epoch = 1) =>
        LedgerTransfer.Move(key, epoch, LedgerEntryKinds.Emission, AccountId.Emission, to, amount);

    /// <summary>Entries 1..count, each emitting 1000 + i micro-units to one of three owners, a microsecond apart.</summary>
    public static List<LedgerEntry> Chain(int count)
    {
        var clock = Clock();
        var book = new LedgerBook(LedgerHead.Genesis, new Dictionary<AccountId, long>(), new Dictionary<string, LedgerEntry>(), clock);
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(LedgerReasonCode.Booked, book.Book(Emit($"emit:{i}", Owner(i % 3), 1000 + i)).ReasonCode);
            clock.Advance(TimeSpan.FromMicroseconds(1));
        }
        return book.Pending.ToList();
    }

    /// <summary>Recomputes the chain from <paramref name="from"/> (0-based) on, as a forger with write access would.</summary>
    public static List<LedgerEntry> Rechain(IReadOnlyList<LedgerEntry> entries, int from)
    {
        var result = entries.Take(from).ToList();
        var head = from == 0 ? LedgerHead.Genesis : result[^1].AsHead();
        foreach (var entry in entries.Skip(from))
        {
            var relinked = LedgerChain.Relink(head, entry);
            result.Add(relinked);
            head = relinked.AsHead();
        }
        return result;
    }

    public static LedgerEntry WithPostings(LedgerEntry entry, params Posting[] postings) =>
        new(entry.Sequence, entry.IdempotencyKey, entry.EpochId, entry.Timestamp, entry.Kind, entry.Memo, postings, entry.PreviousHash, entry.Hash);
}
