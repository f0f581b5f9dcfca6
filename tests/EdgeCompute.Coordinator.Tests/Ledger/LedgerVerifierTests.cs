using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Ledger;

public sealed class LedgerVerifierTests
{
    [Fact]
    public void Accepts_an_intact_chain_and_reports_where_the_units_are()
    {
        var chain = LedgerFixtures.Chain(10);

        var result = LedgerVerifier.Verify(chain, [chain[4].AsHead(), chain[^1].AsHead()]);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(10, result.EntriesChecked);
        Assert.Equal(chain[^1].AsHead(), result.Head);
        Assert.Equal(Enumerable.Range(1, 10).Sum(i => 1000L + i), result.Totals.Emitted);
        Assert.True(result.Totals.IsConserved);
    }

    [Fact]
    public void Accepts_an_empty_ledger() => Assert.True(LedgerVerifier.Verify([]).IsValid);

    [Fact]
    public void A_changed_amount_fails_at_that_entry()
    {
        var random = TestSeed.Random(4101);
        var chain = LedgerFixtures.Chain(20);
        var at = random.Next(chain.Count);
        var e = chain[at];
        chain[at] = LedgerFixtures.WithPostings(e, new Posting(e.Postings[0].Account, e.Postings[0].Amount - 1), new Posting(e.Postings[1].Account, e.Postings[1].Amount + 1));

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(LedgerVerificationCode.HashMismatch, result.ReasonCode);
        Assert.Equal(at + 1, result.FirstOffendingSequence);
    }

    [Fact]
    public void A_rewritten_tail_passes_alone_but_fails_against_the_published_head()
    {
        var chain = LedgerFixtures.Chain(10);
        var published = chain[^1].AsHead();
        chain[5] = LedgerFixtures.WithPostings(chain[5], new Posting(AccountId.Emission, -1006), new Posting(AccountId.Owner("mallory"), 1006));
        var forged = LedgerFixtures.Rechain(chain, 5);

        Assert.True(LedgerVerifier.Verify(forged).IsValid);
        var result = LedgerVerifier.Verify(forged, [chain[2].AsHead(), published]);
        Assert.Equal(LedgerVerificationCode.PublishedHeadMismatch, result.ReasonCode);
        Assert.Equal(10, result.FirstOffendingSequence);
    }

    [Fact]
    public void A_truncated_chain_fails_against_a_published_head_beyond_its_end()
    {
        var chain = LedgerFixtures.Chain(10);

        var result = LedgerVerifier.Verify(chain.Take(7), [chain[^1].AsHead()]);

        Assert.Equal(LedgerVerificationCode.PublishedHeadMissing, result.ReasonCode);
        Assert.Equal(10, result.FirstOffendingSequence);
    }

    [Fact]
    public void A_missing_entry_is_a_sequence_gap()
    {
        var chain = LedgerFixtures.Chain(5);
        chain.RemoveAt(2);

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(LedgerVerificationCode.SequenceGap, result.ReasonCode);
        Assert.Equal(4, result.FirstOffendingSequence);
    }

    [Fact]
    public void An_entry_linking_to_the_wrong_previous_hash_breaks_the_chain()
    {
        var chain = LedgerFixtures.Chain(5);
        chain[2] = LedgerChain.Relink(new LedgerHead(2, LedgerHash.FromBytes(new byte[32].Select(_ => (byte)7).ToArray())), chain[2]);

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(LedgerVerificationCode.BrokenLink, result.ReasonCode);
        Assert.Equal(3, result.FirstOffendingSequence);
    }

    [Fact]
    public void A_consistently_hashed_unbalanced_entry_is_caught()
    {
        var chain = LedgerFixtures.Chain(5);
        chain[3] = LedgerFixtures.WithPostings(chain[3], new Posting(AccountId.Emission, -1), new Posting(LedgerFixtures.Owner(1), 1000));

        var result = LedgerVerifier.Verify(LedgerFixtures.Rechain(chain, 3));

        Assert.Equal(LedgerVerificationCode.Unbalanced, result.ReasonCode);
        Assert.Equal(4, result.FirstOffendingSequence);
    }

    [Fact]
    public void A_repeated_idempotency_key_is_caught()
    {
        var chain = LedgerFixtures.Chain(5);
        var e = chain[4];
        chain[4] = new LedgerEntry(e.Sequence, chain[1].IdempotencyKey, e.EpochId, e.Timestamp, e.Kind, e.Memo, e.Postings, e.PreviousHash, e.Hash);

        var result = LedgerVerifier.Verify(LedgerFixtures.Rechain(chain, 4));

        Assert.Equal(LedgerVerificationCode.DuplicateIdempotencyKey, result.ReasonCode);
        Assert.Equal(5, result.FirstOffendingSequence);
    }

    [Fact]
    public void An_owner_going_negative_at_any_point_is_caught_even_if_repaid_later()
    {
        var clock = LedgerFixtures.Clock();
        var alice = LedgerFixtures.Owner(1);
        var bob = LedgerFixtures.Owner(2);
        var head = LedgerHead.Genesis;
        var entries = new List<LedgerEntry>();
        foreach (var transfer in new[]
        {
            LedgerTransfer.Move("pay", 1, LedgerEntryKinds.Payout, alice, bob, 50),
            LedgerFixtures.Emit("fund", alice, 50),
        })
        {
            var entry = LedgerChain.Link(head, transfer, clock.GetUtcNow());
            entries.Add(entry);
            head = entry.AsHead();
        }

        var result = LedgerVerifier.Verify(entries);

        Assert.Equal(LedgerVerificationCode.Overdrawn, result.ReasonCode);
        Assert.Equal(1, result.FirstOffendingSequence);
    }
}
