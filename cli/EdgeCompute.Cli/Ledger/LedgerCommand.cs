using System.CommandLine;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Ledger;

/// <summary><c>edgecompute ledger</c>: audit the coordinator's ledger, list balances and book deposits, reading the store directly (never the API).</summary>
internal static class LedgerCommand
{
    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context) => new("ledger", "Audit the ledger, list balances, book an operator deposit, show an epoch's statement or an owner's proof: straight on the coordinator's store.")
    {
        LedgerStoreErrors.Named(LedgerVerifyCommand.Create(context)),
        LedgerStoreErrors.Named(LedgerBalancesCommand.Create(context)),
        LedgerStoreErrors.Named(LedgerDepositCommand.Create(context)),
        LedgerStoreErrors.Named(LedgerStatementCommand.Create(context)),
        LedgerStoreErrors.Named(LedgerProofCommand.Create(context)),
    };
}
