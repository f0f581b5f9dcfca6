using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Tests.Ledger;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Settlement;

public sealed class EpochPayoutTransfersTests
{
    private static PayoutPlan Plan(long emission, long fees, long[] amounts, string carryAccount = EpochPolicy.DefaultCarryAccount, long epoch = 7)
    {
        var payouts = amounts.Select((a, i) => new OwnerPayout($"o{i:D6}", a, 0, 0, a)).ToList();
        var paid = amounts.Sum();
        return new PayoutPlan(epoch, emission, fees, emission + fees, emission + fees, 0, payouts, emission + fees - paid, carryAccount, []);
    }

    /// <summary>Funds system:fees with the plan's fees, books the transfers and returns the book.</summary>
    private static LedgerBook BookAll(PayoutPlan plan, IReadOnlyList<LedgerTransfer> transfers)
    {
        var book = new LedgerBook(LedgerHead.Genesis, new Dictionary<AccountId, long>(), new Dictionary<string, LedgerEntry>(), LedgerFixtures.Clock());
        if (plan.Fees > 0) Assert.Equal(LedgerReasonCode.Booked, book.Book(LedgerTransfer.Move("fees", plan.EpochId, LedgerEntryKinds.Fee, AccountId.Emission, AccountId.Fees, plan.Fees)).ReasonCode);
        foreach (var transfer in transfers) Assert.Equal(LedgerReasonCode.Booked, book.Book(transfer).ReasonCode);
        return book;
    }

    private static void AssertPaidExactly(PayoutPlan plan, LedgerBook book)
    {
        foreach (var payout in plan.Payouts) Assert.Equal(payout.Amount, book.BalanceOf(AccountId.Owner(payout.Owner)));
        var carry = AccountId.Parse(plan.CarryAccount);
        long Expected(AccountId account) => (account == AccountId.Emission ? -plan.Fees - plan.Emission : 0) + (account == carry ? plan.Carried : 0);
        Assert.Equal(Expected(AccountId.Emission), book.BalanceOf(AccountId.Emission));
        Assert.Equal(Expected(AccountId.Fees), book.BalanceOf(AccountId.Fees));
        var verification = LedgerVerifier.Verify(book.Pending);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.True(verification.Totals.IsConserved);
    }

    [Fact]
    public void Random_plans_are_paid_exactly_with_balanced_entries_drawing_fees_first()
    {
        var random = TestSeed.Random(7301);
        for (var round = 0; round < 300; round++)
        {
            var owners = random.Next(0, 40);
            var amounts = Enumerable.Range(0, owners).Select(_ => random.Next(4) == 0 ? 0L : random.NextInt64(1, 1_000_000)).ToArray();
            var paid = amounts.Sum();
            var carried = random.Next(3) == 0 ? 0 : random.NextInt64(0, 2_000_000);
            var fees = random.NextInt64(0, paid + carried + 1);
            var emission = paid + carried - fees;
            var carry = random.Next(4) == 0 ? "system:fees" : EpochPolicy.DefaultCarryAccount;
            var plan = Plan(emission, fees, amounts, carry);

            var transfers = EpochPayoutTransfers.Build(plan, maxOwnersPerEntry: 1 + random.Next(10));

            foreach (var transfer in transfers)
            {
                Assert.Equal(LedgerEntryKinds.Payout, transfer.Kind);
                Assert.Equal(LedgerReasonCode.Booked, LedgerRules.CheckPostings(transfer.Postings));
            }
            Assert.Equal(transfers.Select((_, i) => $"epoch:7:payout:{i}"), transfers.Select(t => t.IdempotencyKey));
            AssertPaidExactly(plan, BookAll(plan, transfers));
        }
    }

    [Fact]
    public void Fees_are_drawn_before_emission()
    {
        var plan = Plan(emission: 600, fees: 500, amounts: [300, 300, 400], epoch: 2);

        var transfers = EpochPayoutTransfers.Build(plan, maxOwnersPerEntry: 2);

        Assert.Equal(2, transfers.Count);
        Assert.Equal([new Posting(AccountId.Fees, -500), new Posting(AccountId.Emission, -100), new Posting(AccountId.Owner("o000000"), 300), new Posting(AccountId.Owner("o000001"), 300)],
            transfers[0].Postings);
        // the 100 carried stays in emission: only what the owners take leaves it
        Assert.Equal([new Posting(AccountId.Emission, -400), new Posting(AccountId.Owner("o000002"), 400)], transfers[1].Postings);
    }

    [Fact]
    public void Carried_fees_return_to_the_carry_account_and_an_empty_pot_books_nothing()
    {
        var carriedFees = EpochPayoutTransfers.Build(Plan(emission: 1_000, fees: 300, amounts: []));
        Assert.Equal([new Posting(AccountId.Fees, -300), new Posting(AccountId.Emission, 300)], Assert.Single(carriedFees).Postings);

        Assert.Empty(EpochPayoutTransfers.Build(Plan(emission: 1_000, fees: 0, amounts: [])));
        Assert.Empty(EpochPayoutTransfers.Build(Plan(emission: 0, fees: 0, amounts: [0, 0])));
    }

    [Theory]
    [InlineData(499, 1)]
    [InlineData(500, 1)]
    [InlineData(501, 2)]
    [InlineData(1_000, 2)]
    [InlineData(1_001, 3)]
    public void Owners_are_chunked_at_the_limit(int owners, int entries)
    {
        var plan = Plan(emission: owners * 10L, fees: 0, amounts: Enumerable.Repeat(10L, owners).ToArray());

        var transfers = EpochPayoutTransfers.Build(plan);

        Assert.Equal(entries, transfers.Count);
        Assert.All(transfers, t => Assert.InRange(t.Postings.Count(p => p.Account.Kind == AccountKind.Owner), 1, EpochPayoutTransfers.DefaultMaxOwnersPerEntry));
        Assert.Equal(owners, transfers.Sum(t => t.Postings.Count(p => p.Account.Kind == AccountKind.Owner)));
    }

    [Fact]
    public void One_hundred_thousand_owners_are_paid_in_two_hundred_entries()
    {
        var random = TestSeed.Random(7302);
        var amounts = Enumerable.Range(0, 100_000).Select(_ => random.NextInt64(1, 50_000)).ToArray();
        var plan = Plan(emission: amounts.Sum() - 12_345 + 77, fees: 12_345, amounts: amounts);

        var transfers = EpochPayoutTransfers.Build(plan);

        Assert.Equal(200, transfers.Count);
        Assert.Equal(transfers, EpochPayoutTransfers.Build(plan), new TransferComparer());
        AssertPaidExactly(plan, BookAll(plan, transfers));
    }

    [Fact]
    public void Parses_payout_keys()
    {
        Assert.True(EpochPayoutTransfers.TryParseKey(EpochPayoutTransfers.Key(42, 3), out var epoch));
        Assert.Equal(42, epoch);
        Assert.False(EpochPayoutTransfers.TryParseKey("epoch:42:refund:3", out _));
        Assert.False(EpochPayoutTransfers.TryParseKey("job:42:fee", out _));
        Assert.False(EpochPayoutTransfers.TryParseKey("epoch:-1:payout:0", out _));
    }

    [Fact]
    public void Refuses_plans_that_do_not_balance_or_name_no_account()
    {
        var plan = Plan(emission: 100, fees: 0, amounts: [50]);
        Assert.Throws<ArgumentException>(() => EpochPayoutTransfers.Build(plan with { Carried = 49 }));
        Assert.Throws<ArgumentException>(() => EpochPayoutTransfers.Build(plan with { CarryAccount = "nowhere" }));
        Assert.Throws<ArgumentException>(() => EpochPayoutTransfers.Build(plan with { Payouts = [new OwnerPayout("bad owner", 50, 0, 0, 50)] }));
    }

    private sealed class TransferComparer : IEqualityComparer<LedgerTransfer>
    {
        public bool Equals(LedgerTransfer? x, LedgerTransfer? y) =>
            x!.IdempotencyKey == y!.IdempotencyKey && x.Memo == y.Memo && x.Postings.SequenceEqual(y.Postings);

        public int GetHashCode(LedgerTransfer obj) => obj.IdempotencyKey.GetHashCode(StringComparison.Ordinal);
    }
}
