using System.Diagnostics;
using System.Security.Cryptography;
using EdgeCompute.Benchmarks.Gateway;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Storage.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// <c>ledger-bench</c>: the hash-chained ledger at scale, on SQLite or PostgreSQL. Appends deposit entries (one transfer
/// each, a thousand per call), closes an epoch that pays <c>--owners</c> owners — reward plan with the share cap,
/// fairness metrics, Merkle tree, signed statement (domain, no I/O) — books it (payout entries plus the statement in one
/// transaction), builds and checks every owner's inclusion proof, then runs <c>ledger verify</c>'s audit over the whole
/// store (chain, conservation, every statement).
/// </summary>
internal static class LedgerHarness
{
    private const long T0 = 1_764_000_000_000;

    public static async Task RunAsync(ResultIngestArgs args, int owners, int deposits, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"ledger-bench: store {args.Store}, {deposits} deposit entries, an epoch paying {owners} owners");
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0));
        await using var database = await BenchDatabase.CreateAsync(args, cancellationToken);
        ILedgerStore store = database.ConnectionString is { } connection
            ? await PostgresLedgerStore.OpenAsync(connection, clock, cancellationToken)
            : await SqliteLedgerStore.OpenAsync(Path.Combine(database.SqliteFolder!, "ledger.db"), clock, cancellationToken);
        await using var disposeStore = store;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var watch = Stopwatch.StartNew();
        for (var start = 0; start < deposits; start += 1000)
        {
            var transfers = Enumerable.Range(start, Math.Min(1000, deposits - start))
                .Select(i => Deposits.Credit(Deposits.KeyFor($"bench-{i}"), AccountId.Owner(Owner(i % owners)), 1_000 + (i % 97), 0)).ToList();
            var booked = await store.AppendAsync(transfers, cancellationToken: cancellationToken);
            if (!booked.IsSuccess)
            {
                throw new HarnessFailure($"deposits refused: {booked.ReasonCode}");
            }
        }

        output.WriteLine($"append: {deposits} entries in {watch.Elapsed.TotalSeconds:F2} s ({deposits / watch.Elapsed.TotalSeconds:N0} entries/s, 1,000 per call)");

        var policy = new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(T0), EpochLength = TimeSpan.FromHours(1) };
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var epochs = new EpochClock(policy, clock);
        var random = new Random(20261124);
        var credits = Enumerable.Range(0, owners)
            .Select(i => new WorkCredit(Owner(i), $"dev-{i:D6}", 1 + (long)(random.NextDouble() * random.NextDouble() * 10_000), DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1_000)))
            .ToList();
        var head = await store.ReadHeadAsync(cancellationToken);
        watch.Restart();
        var closed = new EpochCloser(policy, epochs, key).Close(epochs.Window(0), new EpochInputs(credits, [], [], LedgerChainHead.Create(head.Sequence, head.Hash.Bytes)), null);
        var planMs = watch.Elapsed.TotalMilliseconds;
        if (!closed.IsSuccess || closed.Statement is null || closed.Plan is null)
        {
            throw new HarnessFailure($"epoch close failed: {closed.Reason} {closed.Detail}");
        }

        var statement = closed.Statement;
        output.WriteLine($"statement: {statement.Payouts.Length} payout lines — plan, share cap, Gini/Nakamoto/top decile, Merkle root, signature — in {planMs:F0} ms " +
            $"(Gini {statement.Metrics.Gini}, Nakamoto {statement.Metrics.Nakamoto})");

        watch.Restart();
        var transfersOut = EpochPayoutTransfers.Build(closed.Plan);
        var booking = await store.CloseEpochAsync(statement, transfersOut, cancellationToken);
        if (!booking.IsSuccess)
        {
            throw new HarnessFailure($"booking failed: {booking.Reason}");
        }

        output.WriteLine($"booked: {transfersOut.Count} payout entries + the statement in {watch.Elapsed.TotalMilliseconds:F0} ms");

        watch.Restart();
        var tree = statement.BuildTree();
        var treeMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var root = statement.MerkleRoot.AsSpan();
        var verified = 0;
        for (var i = 0; i < statement.Payouts.Length; i++)
        {
            var line = statement.Payouts[i];
            if (tree.GetProof(i).Verify(root, line.Owner, line.Amount))
            {
                verified++;
            }
        }

        var proofsMs = watch.Elapsed.TotalMilliseconds;
        if (verified != statement.Payouts.Length)
        {
            throw new HarnessFailure($"{statement.Payouts.Length - verified} inclusion proofs did not verify");
        }

        output.WriteLine($"proofs: tree of {statement.Payouts.Length} leaves in {treeMs:F0} ms; all {verified} proofs built and verified in {proofsMs:F0} ms " +
            $"({verified / (proofsMs / 1000):N0} proofs/s, {tree.GetProof(0).Siblings.Length} siblings each)");

        using var publicKey = ECDsa.Create(key.ExportParameters(false));
        watch.Restart();
        var audit = await LedgerAudit.VerifyAsync(store, publicKey, cancellationToken: cancellationToken);
        var auditSeconds = watch.Elapsed.TotalSeconds;
        if (!audit.IsValid)
        {
            throw new HarnessFailure($"ledger verify failed: {audit.ReasonCode} {audit.Detail}");
        }

        output.WriteLine($"verify: {audit.EntriesChecked} entries and {audit.StatementsChecked} statement(s) audited from the store in {auditSeconds:F2} s " +
            $"({audit.EntriesChecked / auditSeconds:N0} entries/s)");
    }

    private static string Owner(int index) => $"owner-{index:D6}";
}
