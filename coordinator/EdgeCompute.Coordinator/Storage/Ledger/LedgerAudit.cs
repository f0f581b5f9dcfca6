using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The full audit of a stored ledger, as <c>edgecompute ledger verify</c> runs it, reading the store directly (never an
/// API): every stored epoch statement is read and its signature, root, totals and metrics verified with the coordinator
/// public key (first, so only genuine heads pin the chain); the chain is streamed through <see cref="LedgerVerifier"/> with the statements' ledger heads as published
/// heads (a rewritten history fails even when its hashes were recomputed); and each statement's non-zero lines must
/// equal, owner by owner, what the ledger booked to <c>owner:{owner}</c> under <c>epoch:{id}:payout:*</c>. Stops at the
/// first failure.
/// </summary>
public static class LedgerAudit
{
    /// <summary>Audits the store.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="coordinatorPublicKey">The coordinator's P-256 public key (the statements' signer).</param>
    /// <param name="pageSize">Entries per read.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report.</returns>
    public static async Task<LedgerAuditReport> VerifyAsync(ILedgerStore store, ECDsa coordinatorPublicKey, int pageSize = 1000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(coordinatorPublicKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        IReadOnlyList<EpochStatement> statements;
        try
        {
            statements = await store.ReadStatementsAsync(0, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            return new LedgerAuditReport(LedgerAuditCode.StatementUnreadable, e.Message, 0, 0, null, null, null);
        }

        // statements first: only a genuine statement's head may pin the chain
        for (var i = 0; i < statements.Count; i++)
        {
            var verification = EpochStatementVerifier.Verify(statements[i], coordinatorPublicKey);
            if (!verification.IsSuccess)
            {
                return new LedgerAuditReport(LedgerAuditCode.StatementInvalid,
                    $"statement of epoch {statements[i].EpochId}: {verification.Reason}: {verification.Detail}", 0, i, null, statements[i].EpochId, null);
            }
        }

        var published = statements.Select(s => new LedgerHead(s.LedgerHead.Sequence, LedgerHash.FromBytes(s.LedgerHead.Hash.AsSpan()))).ToList();
        var verifier = new LedgerVerifier(published);
        var booked = new Dictionary<long, Dictionary<string, long>>();
        var next = 1L;
        while (!verifier.HasFailed)
        {
            var page = await store.ReadEntriesAsync(next, pageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) break;
            foreach (var entry in page)
            {
                if (!verifier.Add(entry)) break;
                CollectPayouts(entry, booked);
            }
            next = page[^1].Sequence + 1;
        }
        var ledger = verifier.Complete();
        if (!ledger.IsValid)
        {
            return new LedgerAuditReport(LedgerAuditCode.LedgerInvalid, $"{ledger.ReasonCode}: {ledger.Detail}", ledger.EntriesChecked, statements.Count,
                ledger.FirstOffendingSequence, null, ledger);
        }

        var checkedCount = 0;
        foreach (var statement in statements)
        {
            var mismatch = ComparePayouts(statement, booked.GetValueOrDefault(statement.EpochId) ?? []);
            if (mismatch is not null) return Fail(LedgerAuditCode.PayoutMismatch, mismatch, statement.EpochId);
            booked.Remove(statement.EpochId);
            checkedCount++;
        }
        if (booked.Count > 0)
        {
            var orphan = booked.Keys.Min();
            return Fail(LedgerAuditCode.PayoutMismatch, $"payouts are booked for epoch {orphan}, which has no stored statement", orphan);
        }
        return new LedgerAuditReport(LedgerAuditCode.Valid, "", ledger.EntriesChecked, checkedCount, null, null, ledger);

        LedgerAuditReport Fail(LedgerAuditCode code, string detail, long epoch) =>
            new(code, detail, ledger.EntriesChecked, checkedCount, null, epoch, ledger);
    }

    private static void CollectPayouts(LedgerEntry entry, Dictionary<long, Dictionary<string, long>> booked)
    {
        if (!EpochPayoutTransfers.TryParseKey(entry.IdempotencyKey, out var epochId)) return;
        if (!booked.TryGetValue(epochId, out var owners)) booked[epochId] = owners = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var posting in entry.Postings)
        {
            if (posting.Account.Kind != AccountKind.Owner) continue;
            var owner = posting.Account.Value["owner:".Length..];
            owners[owner] = owners.GetValueOrDefault(owner) + posting.Amount;
        }
    }

    private static string? ComparePayouts(EpochStatement statement, Dictionary<string, long> booked)
    {
        var expected = statement.Payouts.Where(l => l.Amount != 0).ToDictionary(l => l.Owner, l => l.Amount, StringComparer.Ordinal);
        foreach (var (owner, amount) in expected)
        {
            var paid = booked.GetValueOrDefault(owner);
            if (paid != amount) return $"epoch {statement.EpochId}: the statement pays '{owner}' {amount}, the ledger booked {paid}";
        }
        foreach (var (owner, amount) in booked)
        {
            if (!expected.ContainsKey(owner) && amount != 0)
                return $"epoch {statement.EpochId}: the ledger booked {amount} to '{owner}', who is not in the statement";
        }
        return null;
    }
}
