using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Tests.Ledger;

public sealed class LedgerBookTests
{
    private static readonly AccountId Alice = LedgerFixtures.Owner(1);
    private static readonly AccountId Bob = LedgerFixtures.Owner(2);

    private static LedgerBook EmptyBook() =>
        new(LedgerHead.Genesis, new Dictionary<AccountId, long>(), new Dictionary<string, LedgerEntry>(), LedgerFixtures.Clock());

    [Fact]
    public void Books_transfers_as_consecutive_chained_entries_stamped_by_the_clock()
    {
        var clock = LedgerFixtures.Clock();
        var book = new LedgerBook(LedgerHead.Genesis, new Dictionary<AccountId, long>(), new Dictionary<string, LedgerEntry>(), clock);

        var first = book.Book(LedgerFixtures.Emit("a", Alice, 100));
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = book.Book(LedgerTransfer.Move("b", 1, LedgerEntryKinds.Payout, Alice, Bob, 40));

        Assert.Equal(LedgerReasonCode.Booked, second.ReasonCode);
        Assert.Equal(first.Entry!.Hash, second.Entry!.PreviousHash);
        Assert.Equal(LedgerFixtures.Start.AddSeconds(1), second.Entry.Timestamp);
        Assert.Equal(new LedgerHead(2, second.Entry.Hash), book.Head);
        Assert.Equal(60, book.BalanceOf(Alice));
        Assert.Equal(-100, book.BalanceOf(AccountId.Emission));
        Assert.Equal(60, book.BalanceChanges[Alice]);
    }

    [Fact]
    public void Refuses_postings_that_do_not_sum_to_zero()
    {
        var book = EmptyBook();

        var outcome = book.Book(new LedgerTransfer("k", 1, LedgerEntryKinds.Emission, "", [new(AccountId.Emission, -10), new(Alice, 11)]));

        Assert.Equal(LedgerReasonCode.Unbalanced, outcome.ReasonCode);
        Assert.Null(outcome.Entry);
        Assert.Empty(book.Pending);
        Assert.Equal(LedgerHead.Genesis, book.Head);
    }

    [Theory]
    [InlineData(LedgerReasonCode.TooFewPostings)]
    [InlineData(LedgerReasonCode.ZeroAmount)]
    [InlineData(LedgerReasonCode.DuplicateAccount)]
    [InlineData(LedgerReasonCode.AmountOverflow)]
    public void Refuses_malformed_postings_with_a_reason(LedgerReasonCode reason)
    {
        Posting[] postings = reason switch
        {
            LedgerReasonCode.TooFewPostings => [new(Alice, 0)],
            LedgerReasonCode.ZeroAmount => [new(AccountId.Emission, 0), new(Alice, 0)],
            LedgerReasonCode.DuplicateAccount => [new(AccountId.Emission, -2), new(Alice, 1), new(Alice, 1)],
            _ => [new(AccountId.Emission, long.MaxValue), new(AccountId.Fees, long.MaxValue), new(Alice, 2)],
        };

        Assert.Equal(reason, EmptyBook().Book(new LedgerTransfer("k", 1, "x", "", postings)).ReasonCode);
    }

    [Fact]
    public void Refuses_a_transfer_that_would_overdraw_an_owner()
    {
        var book = EmptyBook();
        book.Book(LedgerFixtures.Emit("fund", Alice, 100));

        var outcome = book.Book(LedgerTransfer.Move("pay", 1, LedgerEntryKinds.Payout, Alice, Bob, 101));

        Assert.Equal(LedgerReasonCode.Overdrawn, outcome.ReasonCode);
        Assert.Equal(100, book.BalanceOf(Alice));
        Assert.Single(book.Pending);
    }

    [Fact]
    public void Refuses_to_overdraw_escrow_and_fees_but_lets_emission_go_negative()
    {
        var book = EmptyBook();

        Assert.Equal(LedgerReasonCode.Overdrawn, book.Book(LedgerTransfer.Move("a", 1, LedgerEntryKinds.Fee, AccountId.Escrow("j"), AccountId.Fees, 1)).ReasonCode);
        Assert.Equal(LedgerReasonCode.Overdrawn, book.Book(LedgerTransfer.Move("b", 1, LedgerEntryKinds.Payout, AccountId.Fees, Alice, 1)).ReasonCode);
        Assert.Equal(LedgerReasonCode.Booked, book.Book(LedgerFixtures.Emit("c", Alice, 1)).ReasonCode);
    }

    [Fact]
    public void A_repeated_key_returns_the_entry_booked_first_and_books_nothing()
    {
        var first = LedgerFixtures.Chain(1)[0];
        var book = new LedgerBook(first.AsHead(), new Dictionary<AccountId, long> { [LedgerFixtures.Owner(1)] = 1001 },
            new Dictionary<string, LedgerEntry> { [first.IdempotencyKey] = first }, LedgerFixtures.Clock());

        var again = book.Book(LedgerFixtures.Emit("emit:1", LedgerFixtures.Owner(1), 1001));
        var fresh = book.Book(LedgerFixtures.Emit("new", Bob, 5));
        var twiceInOneBatch = book.Book(LedgerFixtures.Emit("new", Bob, 5));

        Assert.Equal(LedgerReasonCode.AlreadyBooked, again.ReasonCode);
        Assert.Same(first, again.Entry);
        Assert.Equal(LedgerReasonCode.AlreadyBooked, twiceInOneBatch.ReasonCode);
        Assert.Same(fresh.Entry, twiceInOneBatch.Entry);
        Assert.Single(book.Pending);
        Assert.Equal(2, book.Head.Sequence);
    }

    [Fact]
    public void A_repeated_key_with_different_content_is_a_conflict_and_books_nothing()
    {
        var book = EmptyBook();
        book.Book(LedgerFixtures.Emit("k", Alice, 5));

        Assert.Equal(LedgerReasonCode.IdempotencyKeyConflict, book.Book(LedgerFixtures.Emit("k", Alice, 6)).ReasonCode);
        Assert.Single(book.Pending);
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    public void Refuses_an_unusable_idempotency_key(string key) =>
        Assert.Equal(LedgerReasonCode.InvalidText, EmptyBook().Book(LedgerFixtures.Emit(key, Alice, 5)).ReasonCode);
}
