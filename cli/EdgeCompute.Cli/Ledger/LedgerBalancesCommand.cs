using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Ledger;

/// <summary><c>edgecompute ledger balances</c>: every account's balance as the store keeps it, sorted by account.</summary>
internal static class LedgerBalancesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var store = StoreOptions.Create("The coordinator's data folder; its ledger.db is read (never created).");
        var json = new Option<bool>("--json") { Description = "Print {\"account\": balance, …} as one JSON object." };
        var command = new Command("balances", "List every account's balance in micro-units (owner:*, escrow:*, system:fees, system:emission), sorted by account.")
        {
            store.Data, store.Postgres, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var ledger = await store.Read(parsed).OpenExistingLedgerAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyDictionary<EdgeCompute.Coordinator.Domain.Ledger.AccountId, long> balances;
            await using (ledger.ConfigureAwait(false))
            {
                balances = await ledger.ReadBalancesAsync(cancellationToken).ConfigureAwait(false);
            }

            var sorted = balances.Select(b => (Account: b.Key.Value, Balance: b.Value)).OrderBy(b => b.Account, StringComparer.Ordinal).ToList();
            if (parsed.GetValue(json))
            {
                var map = new SortedDictionary<string, long>(StringComparer.Ordinal);
                foreach (var (account, balance) in sorted)
                {
                    map[account] = balance;
                }

                await context.Out.WriteLineAsync(JsonSerializer.Serialize(map)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (sorted.Count == 0)
            {
                await context.Out.WriteLineAsync("The ledger has no accounts yet.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var width = sorted.Max(b => b.Account.Length);
            foreach (var (account, balance) in sorted)
            {
                await context.Out.WriteLineAsync($"{account.PadRight(width)}  {balance,20}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
