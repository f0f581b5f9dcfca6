using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Tests.Ledger;

public sealed class LedgerChainTests
{
    [Fact]
    public void Encodes_an_entry_in_the_documented_length_prefixed_layout()
    {
        var entry = new LedgerEntry(1, "k", 2, DateTimeOffset.UnixEpoch.AddTicks(3 * TimeSpan.TicksPerMicrosecond), "emission", "",
            [new Posting(AccountId.Emission, -5), new Posting(AccountId.Owner("a"), 5)], LedgerHash.Zero, LedgerHash.Zero);

        var expected = string.Concat(
            "45434C31", "0000000000000001", "0000000000000002", "0000000000000003",
            "00000001", "6B", "00000008", "656D697373696F6E", "00000000",
            "00000002",
            "0000000F", "73797374656D3A656D697373696F6E", "FFFFFFFFFFFFFFFB",
            "00000007", "6F776E65723A61", "0000000000000005");
        Assert.Equal(expected, Convert.ToHexString(LedgerEncoding.Encode(entry)));
    }

    [Fact]
    public void First_entry_links_to_32_zero_bytes_and_hashes_prev_then_encoding()
    {
        var chain = LedgerFixtures.Chain(2);

        Assert.Equal(1, chain[0].Sequence);
        Assert.Equal(new byte[32], chain[0].PreviousHash.ToArray());
        var expected = SHA256.HashData([.. new byte[32], .. LedgerEncoding.Encode(chain[0])]);
        Assert.Equal(expected, chain[0].Hash.ToArray());
        Assert.Equal(2, chain[1].Sequence);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(LedgerChain.ComputeHash(chain[1]), chain[1].Hash);
    }

    [Fact]
    public void Any_change_to_an_entry_changes_its_hash()
    {
        var entry = LedgerFixtures.Chain(1)[0];
        var altered = LedgerFixtures.WithPostings(entry, new Posting(AccountId.Emission, -1002), new Posting(LedgerFixtures.Owner(1), 1002));

        Assert.NotEqual(LedgerChain.ComputeHash(entry), LedgerChain.ComputeHash(altered));
    }

    [Fact]
    public void Timestamps_are_kept_to_whole_microseconds_so_stored_entries_hash_the_same()
    {
        var time = LedgerFixtures.Start.AddTicks(7);
        var entry = LedgerChain.Link(LedgerHead.Genesis, LedgerFixtures.Emit("k", LedgerFixtures.Owner(1), 5), time);

        Assert.Equal(LedgerFixtures.Start, entry.Timestamp);
        Assert.Equal(entry.Hash, LedgerChain.ComputeHash(entry));
    }

    [Theory]
    [InlineData("system:emission", AccountKind.Emission)]
    [InlineData("system:fees", AccountKind.Fees)]
    [InlineData("system:escrow:job-7", AccountKind.Escrow)]
    [InlineData("owner:alice", AccountKind.Owner)]
    public void Parses_account_text_into_its_kind(string text, AccountKind kind)
    {
        Assert.True(AccountId.TryParse(text, out var account));
        Assert.Equal(kind, account.Kind);
        Assert.Equal(text, account.Value);
        Assert.Equal(kind == AccountKind.Emission, account.MayGoNegative);
    }

    [Theory]
    [InlineData("")]
    [InlineData("owner:")]
    [InlineData("owner:a b")]
    [InlineData("system:other")]
    [InlineData("alice")]
    public void Rejects_text_that_is_not_an_account(string text) => Assert.False(AccountId.TryParse(text, out _));
}
