using System.CommandLine;
using System.CommandLine.Invocation;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Ledger;

/// <summary>
/// A store failure while a <c>ledger</c> command runs (a damaged page met while reading, a full disk, the database gone) is
/// one line naming the store — the SQLite file or the PostgreSQL database — and the option, with the exit code of its kind
/// (<see cref="FailureCause"/>): never "unexpected failure".
/// </summary>
internal static class LedgerStoreErrors
{
    /// <summary>Wraps the action of <paramref name="command"/>, which has <c>--data</c> and <c>--postgres</c>.</summary>
    /// <param name="command">A ledger command with its action set.</param>
    /// <returns>The same command.</returns>
    public static Command Named(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Action is not AsynchronousCommandLineAction inner)
        {
            throw new ArgumentException($"{command.Name} has no asynchronous action", nameof(command));
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                return await inner.InvokeAsync(parsed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (CommandFailedException or OperationCanceledException) && Describe(e, parsed) is { } failure)
            {
                throw failure;
            }
        });
        return command;
    }

    private static CommandFailedException? Describe(Exception e, ParseResult parsed)
    {
        var location = StoreOptions.ReadByName(parsed);
        var store = location.LedgerFile ?? location.Description;
        return CommandFailures.Folder(e, location.Option, store, "the ledger");
    }
}
