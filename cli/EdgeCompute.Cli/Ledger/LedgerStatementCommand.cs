using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Ledger;

/// <summary><c>edgecompute ledger statement EPOCH</c>: an epoch's signed payout statement as the store keeps it.</summary>
internal static class LedgerStatementCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var store = StoreOptions.Create("The coordinator's data folder; its ledger.db is read (never created).");
        var epoch = new Argument<long>("EPOCH") { Description = "The epoch id." };
        var command = new Command("statement", "Print an epoch's payout statement (owners and amounts, Merkle root, ledger chain head, metrics, signature) as JSON.")
        {
            epoch, store.Data, store.Postgres,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var ledger = await store.Read(parsed).OpenExistingLedgerAsync(cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var id = parsed.GetValue(epoch);
                var statement = await ledger.ReadStatementAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw CommandFailedException.Failure($"epoch {id} has no statement in this ledger (not closed yet?)");
                var view = new
                {
                    epoch = statement.EpochId,
                    start = statement.Start,
                    end = statement.End,
                    emission = statement.Emission,
                    fees = statement.Fees,
                    pot = statement.Pot,
                    totalPaid = statement.TotalPaid,
                    carried = statement.Carried,
                    carryAccount = statement.CarryAccount,
                    merkleRoot = Convert.ToHexStringLower([.. statement.MerkleRoot]),
                    ledgerHead = new { sequence = statement.LedgerHead.Sequence, hash = Convert.ToHexStringLower([.. statement.LedgerHead.Hash]) },
                    gini = statement.Metrics.Gini.ToDouble(),
                    nakamoto = statement.Metrics.Nakamoto,
                    topDecileShare = statement.Metrics.TopDecileShare.ToDouble(),
                    payouts = statement.Payouts.Select(p => new { owner = p.Owner, amount = p.Amount }),
                    signature = Convert.ToBase64String([.. statement.Signature]),
                };
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(view, new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}
