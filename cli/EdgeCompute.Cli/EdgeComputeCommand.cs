using System.CommandLine;
using System.CommandLine.Invocation;
using EdgeCompute.Cli.Demo;
using EdgeCompute.Cli.Gateway;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Provision;
using EdgeCompute.Cli.Simulate;

namespace EdgeCompute.Cli;

/// <summary>The root <c>edgecompute</c> command: the command groups, parsing, and the mapping of outcomes to exit codes.</summary>
internal static class EdgeComputeCommand
{
    /// <summary>
    /// Every command group, one line each, in the order <c>--help</c> lists them. A new group (say <c>demo</c>) is a folder
    /// with a <c>DemoCommand.Create(CliContext)</c> and one more line here.
    /// </summary>
    private static readonly Func<CliContext, Command>[] _commands =
    [
        DemoCommand.Create,
        ProvisionCommand.Create,
        GatewayCommand.Create,
        SimulateCommand.Create,
        Ledger.LedgerCommand.Create,
        Coordinator.CoordinatorCommand.Create,
        Api.SubmitCommand.Create,
        Api.JobsCommand.Create,
        Api.EpochsCommand.Create,
        Api.TelemetryCommand.Create,
    ];

    /// <summary>Builds the command tree.</summary>
    /// <param name="context">Where output goes and what the commands may read from the process.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand(
            "EdgeCompute: an open compute-sharing network for IoT hardware. Provision a fleet, run a gateway, simulate devices.");
        foreach (var command in _commands)
        {
            root.Add(command(context));
        }

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        return root;
    }

    /// <summary>
    /// Parses and runs a command line. Exit codes: 0 done, 2 usage error (the message names the option), 78 configuration
    /// error (a file or folder named by an option is missing or invalid), 1 any other failure, 130 cancelled before it could finish.
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">Output, environment and logging.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = Create(context).Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"Run '{CommandPath(parsed)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = context.HandleProcessSignals ? TimeSpan.FromSeconds(15) : null,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the last resort of a command-line tool: a bug is reported, with its stack, as exit 1
        catch (Exception e)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"error: unexpected failure (a bug; please report it): {e}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "edgecompute" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
