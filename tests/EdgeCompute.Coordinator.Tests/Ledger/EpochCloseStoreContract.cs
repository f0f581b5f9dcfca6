using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Protocol.Security;
using static EdgeCompute.Coordinator.Tests.Ledger.EpochCloseFixtures;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>Closing epochs in the ledger store and auditing it; run once per store by a subclass.</summary>
public abstract class EpochCloseStoreContract : IAsyncLifetime
{
    private readonly List<ILedgerStore> _stores = [];
    private readonly ECDsa _key = P256Keys.Generate();

    /// <summary>Opens a new store instance on this test's database (a second call is a second writer on the same data).</summary>
    protected abstract Task<ILedgerStore> OpenStoreAsync(TimeProvider timeProvider);

    /// <summary>Runs SQL directly against this test's database, as someone with write access to it would.</summary>
    protected abstract Task ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters);

    /// <summary>Drops this test's database objects.</summary>
    protected abstract ValueTask DropAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await DropAsync();
        _key.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<ILedgerStore> OpenAsync()
    {
        var store = await OpenStoreAsync(LedgerFixtures.Clock());
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Closing_an_epoch_books_its_payouts_and_stores_its_statement_once()
    {
        var store = await OpenAsync();
        var statement = await CloseEpoch0Async(store, _key);
        var head = await store.ReadHeadAsync(Ct);

        // a second closer with a freshly signed statement of the same epoch books nothing
        var again = await store.CloseEpochAsync(await SignAsync(store, Plan(), _key), EpochPayoutTransfers.Build(Plan()), Ct);

        Assert.Equal(EpochCloseBookingReason.AlreadyClosed, again.Reason);
        Assert.Equal(Bytes(statement), Bytes(again.Statement));
        Assert.Equal(head, await store.ReadHeadAsync(Ct));
        Assert.Equal(Bytes(statement), Bytes((await store.ReadStatementAsync(0, Ct))!));
        Assert.Null(await store.ReadStatementAsync(1, Ct));
        Assert.Equal([0L], (await store.ReadStatementsAsync(cancellationToken: Ct)).Select(s => s.EpochId));
        Assert.Equal(0, await store.ReadLastClosedEpochAsync(Ct));
        foreach (var line in statement.Payouts) Assert.Equal(line.Amount, await store.ReadBalanceAsync(AccountId.Owner(line.Owner), Ct));
        Assert.Equal(0, await store.ReadBalanceAsync(AccountId.Fees, Ct));
    }

    [Fact]
    public async Task Two_concurrent_closers_of_one_epoch_book_it_once()
    {
        var (first, second) = (await OpenAsync(), await OpenAsync());
        await FundAsync(first);
        var plan = Plan();
        var statements = new[] { await SignAsync(first, plan, _key), await SignAsync(second, plan, _key) };
        Assert.NotEqual(Bytes(statements[0]), Bytes(statements[1])); // ECDSA signatures differ: the winner's is the one kept

        var bookings = await Task.WhenAll(new[] { first, second }.Select((store, i) =>
            Task.Run(() => store.CloseEpochAsync(statements[i], EpochPayoutTransfers.Build(plan), Ct), Ct)));

        var booked = Assert.Single(bookings, b => b.Reason == EpochCloseBookingReason.Booked);
        var other = Assert.Single(bookings, b => b.Reason == EpochCloseBookingReason.AlreadyClosed);
        Assert.Equal(Bytes(booked.Statement), Bytes(other.Statement));
        var entries = await first.ReadEntriesAsync(1, 1_000, Ct);
        Assert.Equal(EpochPayoutTransfers.Build(plan).Count, entries.Count(e => EpochPayoutTransfers.TryParseKey(e.IdempotencyKey, out _)));
        Assert.True((await LedgerAudit.VerifyAsync(second, _key, cancellationToken: Ct)).IsValid);
    }

    [Fact]
    public async Task Payouts_the_ledger_refuses_book_nothing_and_store_no_statement()
    {
        var store = await OpenAsync();
        await FundAsync(store, settle: false); // the fee is still in escrow: system:fees cannot pay the plan's fees
        var head = await store.ReadHeadAsync(Ct);

        var booking = await store.CloseEpochAsync(await SignAsync(store, Plan(), _key), EpochPayoutTransfers.Build(Plan()), Ct);

        Assert.Equal(EpochCloseBookingReason.Refused, booking.Reason);
        Assert.Equal(LedgerReasonCode.Overdrawn, booking.Append!.ReasonCode);
        Assert.Equal(head, await store.ReadHeadAsync(Ct));
        Assert.Null(await store.ReadStatementAsync(0, Ct));
    }

    [Fact]
    public async Task A_clean_ledger_passes_the_audit()
    {
        var store = await OpenAsync();
        await CloseEpoch0Async(store, _key);

        var report = await LedgerAudit.VerifyAsync(store, _key, pageSize: 2, cancellationToken: Ct);

        Assert.True(report.IsValid, report.Detail);
        Assert.Equal(1, report.StatementsChecked);
        Assert.Equal((await store.ReadHeadAsync(Ct)).Sequence, report.EntriesChecked);
        Assert.True(report.Ledger!.Totals.IsConserved);
    }

    [Fact]
    public async Task A_modified_ledger_row_fails_the_audit()
    {
        var store = await OpenAsync();
        await CloseEpoch0Async(store, _key);

        await ExecuteSqlAsync("UPDATE ledger_postings SET amount = amount + 1 WHERE seq = 2 AND idx = 1");

        var report = await LedgerAudit.VerifyAsync(store, _key, cancellationToken: Ct);
        Assert.Equal(LedgerAuditCode.LedgerInvalid, report.ReasonCode);
        Assert.Equal(LedgerVerificationCode.HashMismatch, report.Ledger!.ReasonCode);
        Assert.Equal(2, report.FirstOffendingSequence);
    }

    [Fact]
    public async Task A_rewritten_chain_fails_the_audit_against_the_statements_published_head()
    {
        var store = await OpenAsync();
        var statement = await CloseEpoch0Async(store, _key);
        var chain = (await store.ReadEntriesAsync(1, 1_000, Ct)).ToList();

        // deposit 20,000 instead of 10,000 and recompute every hash from there, as a forger with write access could
        chain[0] = LedgerFixtures.WithPostings(chain[0], new Posting(AccountId.Emission, -20_000), new Posting(Submitter, 20_000));
        var forged = LedgerFixtures.Rechain(chain, 0);
        await ExecuteSqlAsync("UPDATE ledger_postings SET amount = amount * 2 WHERE seq = 1");
        foreach (var entry in forged)
        {
            await ExecuteSqlAsync("UPDATE ledger_entries SET prev_hash = @prev, hash = @hash WHERE seq = @seq",
                ("prev", entry.PreviousHash.ToArray()), ("hash", entry.Hash.ToArray()), ("seq", entry.Sequence));
        }

        Assert.True((await store.VerifyAsync(cancellationToken: Ct)).IsValid, "the rewrite is self-consistent; only the published head exposes it");
        var report = await LedgerAudit.VerifyAsync(store, _key, cancellationToken: Ct);
        Assert.Equal(LedgerAuditCode.LedgerInvalid, report.ReasonCode);
        Assert.Equal(LedgerVerificationCode.PublishedHeadMismatch, report.Ledger!.ReasonCode);
        Assert.Equal(statement.LedgerHead.Sequence, report.FirstOffendingSequence);
    }

    [Fact]
    public async Task A_tampered_statement_fails_the_audit()
    {
        var store = await OpenAsync();
        var statement = await CloseEpoch0Async(store, _key);

        // pay A one unit more and B one less: totals still add up, the signed Merkle root does not
        var lines = statement.Payouts.Select((l, i) => l with { Amount = l.Amount + (i == 0 ? 1 : i == 1 ? -1 : 0) }).ToList();
        var tampered = statement with { Payouts = [.. lines] };
        await ExecuteSqlAsync("UPDATE ledger_statements SET bytes = @bytes WHERE epoch_id = 0", ("bytes", Bytes(tampered)));
        var report = await LedgerAudit.VerifyAsync(store, _key, cancellationToken: Ct);
        Assert.Equal(LedgerAuditCode.StatementInvalid, report.ReasonCode);
        Assert.Equal(0, report.FirstOffendingEpoch);
        Assert.Contains(nameof(StatementVerificationReason.MerkleRootMismatch), report.Detail, StringComparison.Ordinal);

        using var otherKey = P256Keys.Generate();
        await ExecuteSqlAsync("UPDATE ledger_statements SET bytes = @bytes WHERE epoch_id = 0", ("bytes", Bytes(statement)));
        Assert.Equal(LedgerAuditCode.StatementInvalid, (await LedgerAudit.VerifyAsync(store, otherKey, cancellationToken: Ct)).ReasonCode);

        await ExecuteSqlAsync("UPDATE ledger_statements SET bytes = @bytes WHERE epoch_id = 0", ("bytes", new byte[] { 1, 2, 3 }));
        Assert.Equal(LedgerAuditCode.StatementUnreadable, (await LedgerAudit.VerifyAsync(store, _key, cancellationToken: Ct)).ReasonCode);
    }

    [Fact]
    public async Task A_statement_that_differs_from_the_booked_payouts_fails_the_audit()
    {
        var store = await OpenAsync();
        await FundAsync(store);
        // a genuinely signed statement of another plan than the one booked
        var statement = await SignAsync(store, Plan(unitsOfB: 2), _key);
        Assert.Equal(EpochCloseBookingReason.Booked, (await store.CloseEpochAsync(statement, EpochPayoutTransfers.Build(Plan()), Ct)).Reason);

        var report = await LedgerAudit.VerifyAsync(store, _key, cancellationToken: Ct);

        Assert.Equal(LedgerAuditCode.PayoutMismatch, report.ReasonCode);
        Assert.Equal(0, report.FirstOffendingEpoch);
    }
}
