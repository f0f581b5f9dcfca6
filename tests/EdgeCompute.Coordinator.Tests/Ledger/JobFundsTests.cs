using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Tests.Ledger;

public sealed class JobFundsTests
{
    private static readonly AccountId Submitter = AccountId.Owner("submitter");

    private static LedgerBook Book() =>
        new(LedgerHead.Genesis, new Dictionary<AccountId, long>(), new Dictionary<string, LedgerEntry>(), LedgerFixtures.Clock());

    [Fact]
    public void Deposit_escrow_settle_and_refund_move_the_fee_under_fixed_keys()
    {
        var deposit = Deposits.Credit(Deposits.KeyFor("wire-7"), Submitter, 10_000, 3);
        var escrow = JobFunds.Escrow("job-1", Submitter, 4_000, 3);
        var settle = JobFunds.Settle("job-1", 4_000, 4);
        var refund = JobFunds.Refund("job-2", Submitter, 1_000, 4);

        Assert.Equal(("deposit:wire-7", LedgerEntryKinds.Deposit), (deposit.IdempotencyKey, deposit.Kind));
        Assert.Equal([new Posting(AccountId.Emission, -10_000), new Posting(Submitter, 10_000)], deposit.Postings);
        Assert.Equal(("job:job-1:escrow", LedgerEntryKinds.Escrow, 3L), (escrow.IdempotencyKey, escrow.Kind, escrow.EpochId));
        Assert.Equal([new Posting(Submitter, -4_000), new Posting(AccountId.Escrow("job-1"), 4_000)], escrow.Postings);
        Assert.Equal(("job:job-1:fee", LedgerEntryKinds.Fee), (settle.IdempotencyKey, settle.Kind));
        Assert.Equal([new Posting(AccountId.Escrow("job-1"), -4_000), new Posting(AccountId.Fees, 4_000)], settle.Postings);
        Assert.Equal(("job:job-2:refund", LedgerEntryKinds.Refund), (refund.IdempotencyKey, refund.Kind));
        Assert.Equal([new Posting(AccountId.Escrow("job-2"), -1_000), new Posting(Submitter, 1_000)], refund.Postings);
    }

    [Fact]
    public void A_submitter_who_cannot_pay_is_refused_as_an_overdraw()
    {
        var book = Book();
        Assert.Equal(LedgerReasonCode.Booked, book.Book(Deposits.Credit("deposit:1", Submitter, 999, 1)).ReasonCode);

        var outcome = book.Book(JobFunds.Escrow("job-1", Submitter, 1_000, 1));

        Assert.Equal(LedgerReasonCode.Overdrawn, outcome.ReasonCode);
        Assert.Equal(999, book.BalanceOf(Submitter));
        Assert.Equal(0, book.BalanceOf(AccountId.Escrow("job-1")));
    }

    [Fact]
    public void A_job_cannot_be_both_settled_and_refunded_and_retries_book_nothing()
    {
        var book = Book();
        book.Book(Deposits.Credit("deposit:1", Submitter, 5_000, 1));
        Assert.Equal(LedgerReasonCode.Booked, book.Book(JobFunds.Escrow("job-1", Submitter, 2_000, 1)).ReasonCode);
        Assert.Equal(LedgerReasonCode.Booked, book.Book(JobFunds.Settle("job-1", 2_000, 1)).ReasonCode);

        Assert.Equal(LedgerReasonCode.AlreadyBooked, book.Book(JobFunds.Settle("job-1", 2_000, 1)).ReasonCode);
        Assert.Equal(LedgerReasonCode.Overdrawn, book.Book(JobFunds.Refund("job-1", Submitter, 2_000, 1)).ReasonCode);
        Assert.Equal((3_000L, 2_000L, 0L), (book.BalanceOf(Submitter), book.BalanceOf(AccountId.Fees), book.BalanceOf(AccountId.Escrow("job-1"))));
        Assert.True(LedgerVerifier.Verify(book.Pending).IsValid);
    }

    [Fact]
    public void Rejects_non_owner_payers_and_non_positive_amounts()
    {
        Assert.Throws<ArgumentException>(() => JobFunds.Escrow("job-1", AccountId.Fees, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => JobFunds.Settle("job-1", 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deposits.Credit("deposit:x", Submitter, -5, 1));
        Assert.Throws<ArgumentException>(() => Deposits.Credit("deposit:x", AccountId.Emission, 5, 1));
        Assert.Throws<ArgumentException>(() => JobFunds.Escrow("job 1", Submitter, 1, 1));
    }
}
