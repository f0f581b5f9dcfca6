using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Storage.Integrity;
using EdgeCompute.Coordinator.Storage.Ledger;

namespace EdgeCompute.Cli.Ledger;

/// <summary>
/// <c>edgecompute ledger verify</c>: runs <see cref="LedgerAudit.VerifyAsync"/> on the store (chain, conservation, every
/// statement's signature with the key from <c>coordinator.json</c>, statements against booked payouts), after the store's
/// own integrity check (<see cref="StoreLocation.CheckIntegrityAsync"/>). Exit 0 verified, 1 not (a damaged or tampered
/// ledger, the damage named), 78 when the fleet or the store is missing or cannot be read at all.
/// </summary>
internal static class LedgerVerifyCommand
{
    private static readonly JsonSerializerOptions _json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder; only its coordinator.json is read, for the coordinator's public key.", HelpName = "DIR", Required = true };
        var store = StoreOptions.Create("The coordinator's data folder; its ledger.db is read (never created).");
        var json = new Option<bool>("--json") { Description = "Print the verdict as one JSON object." };
        var command = new Command("verify", "Recheck the ledger's hash chain, conservation, every signed epoch statement and the payouts booked for it.")
        {
            fleet, store.Data, store.Postgres, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var location = store.Read(parsed);
            using var key = RegistryFile.ReadPublicKey(parsed.GetRequiredValue(fleet).FullName);
            var ledger = await location.OpenExistingLedgerAsync(cancellationToken).ConfigureAwait(false);
            StoreIntegrityReport integrity;
            LedgerAuditReport? report = null;
            await using (ledger.ConfigureAwait(false))
            {
                // The store's own check first: a damaged index (a row missing from the unique index on idempotency keys) reads
                // back fine row by row, so the chain audit alone would pass it. On damage the audit is not run.
                integrity = await location.CheckIntegrityAsync(cancellationToken).ConfigureAwait(false);
                if (integrity.IsIntact)
                {
                    report = await LedgerAudit.VerifyAsync(ledger, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            if (parsed.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(VerifyJson.Of(report, integrity, location.Description), _json)).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(context.Out, report, integrity, location.Description).ConfigureAwait(false);
            }

            if (report is null)
            {
                throw CommandFailedException.Failure($"the ledger's store is damaged: {integrity.Summary}; restore it from a backup (docs/operations.md, \"Backup and restore of the ledger\")");
            }

            if (report.IsValid)
            {
                return ExitCodes.Ok;
            }

            throw CommandFailedException.Failure($"the ledger does not verify: {Code(report)}{Where(report)}: {report.Detail}");
        });
        return command;
    }

    private static async Task WriteTextAsync(TextWriter o, LedgerAuditReport? report, StoreIntegrityReport integrity, string store)
    {
        await o.WriteLineAsync(report is { IsValid: true } ? $"Ledger verified: {store}" : $"Ledger NOT verified: {store}").ConfigureAwait(false);
        await o.WriteLineAsync($"  store integrity     {(integrity.IsIntact ? "ok" : "DAMAGED")} ({integrity.Method}{(integrity.Note is null ? "" : $"; {integrity.Note}")})").ConfigureAwait(false);
        foreach (var problem in integrity.Problems)
        {
            await o.WriteLineAsync($"  damage              {problem}").ConfigureAwait(false);
        }

        if (report is null)
        {
            await o.WriteLineAsync("  chain audit         not run on a damaged store").ConfigureAwait(false);
            return;
        }

        await o.WriteLineAsync($"  entries checked     {report.EntriesChecked}").ConfigureAwait(false);
        await o.WriteLineAsync($"  statements checked  {report.StatementsChecked}").ConfigureAwait(false);
        if (report.Ledger is { } chain)
        {
            await o.WriteLineAsync($"  chain head          {chain.Head.Sequence} {chain.Head.Hash.ToHex()}").ConfigureAwait(false);
            var t = chain.Totals;
            await o.WriteLineAsync(
                $"  balances total      emitted {t.Emitted} = owners {t.Owners} + escrow {t.Escrow} + fees {t.Fees} ({(t.IsConserved ? "conserved" : "NOT conserved")})").ConfigureAwait(false);
        }

        if (!report.IsValid)
        {
            await o.WriteLineAsync($"  failure             {Code(report)}").ConfigureAwait(false);
            if (report.FirstOffendingSequence is { } sequence)
            {
                await o.WriteLineAsync($"  sequence            {sequence}").ConfigureAwait(false);
            }

            if (report.FirstOffendingEpoch is { } epoch)
            {
                await o.WriteLineAsync($"  epoch               {epoch}").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"  detail              {report.Detail}").ConfigureAwait(false);
        }
    }

    /// <summary>The audit code, with the chain's own code when the chain failed (<c>LedgerInvalid/HashMismatch</c>).</summary>
    private static string Code(LedgerAuditReport report) =>
        report.ReasonCode == LedgerAuditCode.LedgerInvalid && report.Ledger is { } chain ? $"{report.ReasonCode}/{chain.ReasonCode}" : report.ReasonCode.ToString();

    private static string Where(LedgerAuditReport report) =>
        report.FirstOffendingSequence is { } sequence ? $" at sequence {sequence}"
        : report.FirstOffendingEpoch is { } epoch ? $" in epoch {epoch}"
        : "";

    /// <summary>The <c>--json</c> verdict; <c>code</c> is <c>StoreDamaged</c> when the integrity check failed and the audit did not run.</summary>
    private sealed record VerifyJson(bool Verified, string Store, string Code, string? ChainCode, long EntriesChecked, int StatementsChecked,
        long? HeadSequence, string? HeadHash, long? Emitted, long? Owners, long? Escrow, long? Fees, bool? Conserved, long? Sequence, long? Epoch, string Detail,
        IntegrityJson Integrity)
    {
        public static VerifyJson Of(LedgerAuditReport? r, StoreIntegrityReport integrity, string store) => r is null
            ? new(false, store, "StoreDamaged", null, 0, 0, null, null, null, null, null, null, null, null, null, integrity.Summary, IntegrityJson.Of(integrity))
            : new(
                r.IsValid, store, r.ReasonCode.ToString(), r.Ledger?.ReasonCode.ToString(), r.EntriesChecked, r.StatementsChecked,
                r.Ledger?.Head.Sequence, r.Ledger?.Head.Hash.ToHex(), r.Ledger?.Totals.Emitted, r.Ledger?.Totals.Owners, r.Ledger?.Totals.Escrow,
                r.Ledger?.Totals.Fees, r.Ledger?.Totals.IsConserved, r.FirstOffendingSequence, r.FirstOffendingEpoch, r.Detail, IntegrityJson.Of(integrity));
    }

    /// <summary>The store's own check in the <c>--json</c> verdict.</summary>
    private sealed record IntegrityJson(bool Intact, string Method, IReadOnlyList<string> Problems, string? Note)
    {
        public static IntegrityJson Of(StoreIntegrityReport report) => new(report.IsIntact, report.Method, report.Problems, report.Note);
    }
}
