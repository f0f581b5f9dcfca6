using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>The behaviour every <see cref="ILedgerStore"/> must have; run once per store by a subclass.</summary>
public abstract class LedgerStoreContract : IAsyncLifetime
{
    private readonly List<ILedgerStore> _stores = [];

    /// <summary>Opens a new store instance on this test's database (a second call is a second writer on the same data).</summary>
    protected abstract Task<ILedgerStore> OpenStoreAsync(TimeProvider timeProvider);

    /// <summary>Runs SQL directly against this test's database, as someone with write access to it would.</summary>
    protected abstract Task ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters);

    /// <summary>Drops this test's database objects.</summary>
    protected abstract ValueTask DropAsync();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<ILedgerStore> OpenAsync(TimeProvider? timeProvider = null)
    {
        var store = await OpenStoreAsync(timeProvider ?? LedgerFixtures.Clock());
        _stores.Add(store);
        return store;
    }

    private static async Task<List<LedgerEntry>> BookChainAsync(ILedgerStore store, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var result = await store.AppendAsync([LedgerFixtures.Emit($"emit:{i}", LedgerFixtures.Owner(i % 3), 1000 + i)], cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        }
        return (await store.ReadEntriesAsync(1, count + 10, TestContext.Current.CancellationToken)).ToList();
    }

    [Fact]
    public async Task Appends_and_reads_back_the_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = LedgerFixtures.Clock();
        var store = await OpenAsync(clock);
        var alice = LedgerFixtures.Owner(1);

        Assert.Equal(LedgerHead.Genesis, await store.ReadHeadAsync(ct));
        var first = await store.AppendAsync([LedgerFixtures.Emit("a", alice, 500), LedgerFixtures.Emit("b", LedgerFixtures.Owner(2), 300)], cancellationToken: ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.AppendAsync([new LedgerTransfer("c", 2, LedgerEntryKinds.Payout, "split",
            [new(alice, -200), new(LedgerFixtures.Owner(2), 150), new(AccountId.Fees, 50)])], cancellationToken: ct);

        Assert.Equal(2, first.BookedCount);
        Assert.Equal(new LedgerHead(3, second.Outcomes[0].Entry!.Hash), await store.ReadHeadAsync(ct));
        var entries = await store.ReadEntriesAsync(1, 100, ct);
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        var booked = first.Outcomes.Concat(second.Outcomes).Select(o => o.Entry!).ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(booked[i].Hash, entries[i].Hash);
            Assert.Equal(booked[i].Postings, entries[i].Postings);
            Assert.Equal(booked[i].Timestamp, entries[i].Timestamp);
        }
        Assert.Equal(LedgerFixtures.Start.AddMinutes(1), entries[2].Timestamp);
        Assert.Equal("split", entries[2].Memo);
        Assert.Equal([3L], (await store.ReadEntriesAsync(3, 5, ct)).Select(e => e.Sequence));
        Assert.Equal(entries[1].Hash, (await store.FindByIdempotencyKeyAsync("b", ct))!.Hash);
        Assert.Null(await store.FindByIdempotencyKeyAsync("missing", ct));
        Assert.Equal(300, await store.ReadBalanceAsync(alice, ct));
        Assert.Equal(50, await store.ReadBalanceAsync(AccountId.Fees, ct));
        Assert.Equal(0, (await store.ReadBalancesAsync(ct)).Values.Sum());
        Assert.True((await store.VerifyAsync(pageSize: 2, cancellationToken: ct)).IsValid);
    }

    [Fact]
    public async Task A_single_modified_ledger_row_fails_verification_at_that_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        await BookChainAsync(store, 10);
        Assert.True((await store.VerifyAsync(pageSize: 3, cancellationToken: ct)).IsValid);

        await ExecuteSqlAsync("UPDATE ledger_postings SET amount = amount + 1 WHERE seq = @seq AND idx = 1", ("seq", 6L));

        var result = await store.VerifyAsync(pageSize: 3, cancellationToken: ct);
        Assert.Equal(LedgerVerificationCode.HashMismatch, result.ReasonCode);
        Assert.Equal(6, result.FirstOffendingSequence);
    }

    [Fact]
    public async Task A_rewritten_chain_tail_fails_verification_against_the_published_head()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        var chain = await BookChainAsync(store, 10);
        var published = await store.ReadHeadAsync(ct);

        // redirect entry 6's credit to mallory and recompute every hash from there, as a forger with write access could
        chain[5] = LedgerFixtures.WithPostings(chain[5], new Posting(AccountId.Emission, -1006), new Posting(AccountId.Owner("mallory"), 1006));
        var forged = LedgerFixtures.Rechain(chain, 5);
        await ExecuteSqlAsync("UPDATE ledger_postings SET account = @account WHERE seq = 6 AND idx = 1", ("account", "owner:mallory"));
        foreach (var entry in forged.Skip(5))
        {
            await ExecuteSqlAsync("UPDATE ledger_entries SET prev_hash = @prev, hash = @hash WHERE seq = @seq",
                ("prev", entry.PreviousHash.ToArray()), ("hash", entry.Hash.ToArray()), ("seq", entry.Sequence));
        }

        Assert.True((await store.VerifyAsync(cancellationToken: ct)).IsValid, "the rewrite is self-consistent; only the published head exposes it");
        var result = await store.VerifyAsync([published], cancellationToken: ct);
        Assert.Equal(LedgerVerificationCode.PublishedHeadMismatch, result.ReasonCode);
        Assert.Equal(10, result.FirstOffendingSequence);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_is_booked_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        var alice = LedgerFixtures.Owner(1);
        var reward = LedgerFixtures.Emit("reward:task-1:slot-0", alice, 700);

        var first = await store.AppendAsync([reward], cancellationToken: ct);
        var retry = await store.AppendAsync([reward, reward], cancellationToken: ct);

        Assert.Equal(LedgerReasonCode.Booked, first.Outcomes[0].ReasonCode);
        Assert.All(retry.Outcomes, o => Assert.Equal(LedgerReasonCode.AlreadyBooked, o.ReasonCode));
        Assert.All(retry.Outcomes, o => Assert.Equal(first.Outcomes[0].Entry!.Hash, o.Entry!.Hash));
        Assert.True(retry.IsSuccess);
        Assert.Equal(1, (await store.ReadHeadAsync(ct)).Sequence);
        Assert.Equal(700, await store.ReadBalanceAsync(alice, ct));
        var conflict = await store.AppendAsync([LedgerFixtures.Emit("reward:task-1:slot-0", alice, 701)], cancellationToken: ct);
        Assert.Equal(LedgerReasonCode.IdempotencyKeyConflict, conflict.ReasonCode);
        Assert.Equal(700, await store.ReadBalanceAsync(alice, ct));
    }

    [Fact]
    public async Task An_unbalanced_entry_is_refused_and_refuses_its_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        var good = LedgerFixtures.Emit("good", LedgerFixtures.Owner(1), 10);
        var bad = new LedgerTransfer("bad", 1, LedgerEntryKinds.Emission, "", [new(AccountId.Emission, -10), new(LedgerFixtures.Owner(2), 9)]);

        var result = await store.AppendAsync([good, bad], cancellationToken: ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(LedgerReasonCode.Unbalanced, result.ReasonCode);
        Assert.Equal([LedgerReasonCode.BatchRefused, LedgerReasonCode.Unbalanced], result.Outcomes.Select(o => o.ReasonCode));
        Assert.Equal(LedgerHead.Genesis, await store.ReadHeadAsync(ct));
        Assert.Null(await store.FindByIdempotencyKeyAsync("good", ct));

        var partial = await store.AppendAsync([good, bad], LedgerBatchMode.BookValid, ct);
        Assert.Equal([LedgerReasonCode.Booked, LedgerReasonCode.Unbalanced], partial.Outcomes.Select(o => o.ReasonCode));
        Assert.Equal(1, (await store.ReadHeadAsync(ct)).Sequence);
    }

    [Fact]
    public async Task An_overdraw_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        var alice = LedgerFixtures.Owner(1);
        await store.AppendAsync([LedgerFixtures.Emit("fund", alice, 100)], cancellationToken: ct);

        var result = await store.AppendAsync([LedgerTransfer.Move("spend", 1, LedgerEntryKinds.Escrow, alice, AccountId.Escrow("job-1"), 101)], cancellationToken: ct);

        Assert.Equal(LedgerReasonCode.Overdrawn, result.ReasonCode);
        Assert.Equal(100, await store.ReadBalanceAsync(alice, ct));
        Assert.Equal(0, await store.ReadBalanceAsync(AccountId.Escrow("job-1"), ct));
        Assert.Equal(1, (await store.ReadHeadAsync(ct)).Sequence);
    }

    [Fact]
    public async Task Two_concurrent_writers_produce_one_unforked_chain_with_every_key_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = TestSeed.Random(4102);
        var writers = new[] { await OpenAsync(), await OpenAsync() };
        const int keyCount = 120;
        // a key always names the same transfer, so overlapping retries across writers are duplicates, not conflicts
        LedgerTransfer TransferFor(int key) => LedgerFixtures.Emit($"k{key}", LedgerFixtures.Owner(key % 7), 1 + key);
        var batches = Enumerable.Range(0, 80)
            .Select(i => (Writer: writers[i % 2], Keys: Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(keyCount)).ToList()))
            .ToList();

        var results = await Task.WhenAll(batches.Select(b => Task.Run(() => b.Writer.AppendAsync(b.Keys.Select(TransferFor).ToList(), cancellationToken: ct), ct)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
        var distinct = batches.SelectMany(b => b.Keys).Distinct().ToList();
        Assert.Equal(distinct.Count, results.Sum(r => r.BookedCount));
        var entries = await writers[0].ReadEntriesAsync(1, 10_000, ct);
        Assert.Equal(distinct.Count, entries.Count);
        Assert.Equal(distinct.Select(k => $"k{k}").Order(), entries.Select(e => e.IdempotencyKey).Order());
        var verification = await writers[1].VerifyAsync(pageSize: 17, cancellationToken: ct);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(distinct.Sum(k => 1L + k), verification.Totals.Emitted);
        Assert.Equal(await writers[0].ReadHeadAsync(ct), await writers[1].ReadHeadAsync(ct));
    }

    [Fact]
    public async Task Conservation_holds_over_emission_escrow_and_payouts()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await OpenAsync();
        var submitter = AccountId.Owner("submitter");
        var (alice, bob) = (LedgerFixtures.Owner(1), LedgerFixtures.Owner(2));
        var (job1, job2) = (AccountId.Escrow("job-1"), AccountId.Escrow("job-2"));

        var steps = new[]
        {
            LedgerFixtures.Emit("grant:submitter", submitter, 10_000),
            LedgerTransfer.Move("escrow:job-1", 1, LedgerEntryKinds.Escrow, submitter, job1, 3_000),
            LedgerTransfer.Move("escrow:job-2", 1, LedgerEntryKinds.Escrow, submitter, job2, 2_000),
            LedgerTransfer.Move("fee:job-1", 1, LedgerEntryKinds.Fee, job1, AccountId.Fees, 3_000),
            LedgerTransfer.Move("refund:job-2", 1, LedgerEntryKinds.Refund, job2, submitter, 500),
            new LedgerTransfer("payout:epoch-1", 1, LedgerEntryKinds.Payout, "epoch 1",
                [new(AccountId.Emission, -5_000), new(AccountId.Fees, -3_000), new(alice, 6_000), new(bob, 2_000)]),
        };
        foreach (var step in steps) Assert.True((await store.AppendAsync([step], cancellationToken: ct)).IsSuccess, step.IdempotencyKey);
        var overdrawEscrow = await store.AppendAsync([LedgerTransfer.Move("fee:job-2", 1, LedgerEntryKinds.Fee, job2, AccountId.Fees, 1_501)], cancellationToken: ct);
        Assert.Equal(LedgerReasonCode.Overdrawn, overdrawEscrow.ReasonCode);

        var result = await store.VerifyAsync(cancellationToken: ct);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(new LedgerTotals(Emitted: 15_000, Owners: 5_500 + 6_000 + 2_000, Escrow: 1_500, Fees: 0), result.Totals);
        Assert.True(result.Totals.IsConserved);
        var balances = await store.ReadBalancesAsync(ct);
        Assert.Equal(0, balances.Values.Sum());
        Assert.Equal(-15_000, balances[AccountId.Emission]);
        Assert.Equal(5_500, balances[submitter]);
    }
}
