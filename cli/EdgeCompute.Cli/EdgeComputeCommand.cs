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
        Api.NodesCommand.Create,
        Api.EpochsCommand.Create,
        Api.TelemetryCommand.Create,
        Wasm.WasmCommand.Create,
    ];

    /// <summary>The option, on every command, that turns on Debug-level logs and stack traces with errors.</summary>
    public const string VerboseOption = "--verbose";

    /// <summary>The option that picks the log format (<c>text</c> or <c>json</c>).</summary>
    public const string LogFormatOption = "--log-format";

    /// <summary>Builds the command tree.</summary>
    /// <param name="context">Where output goes and what the commands may read from the process.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand(
            "EdgeCompute: an open compute-sharing network for IoT hardware. Try the whole network in one process (demo), or provision a fleet "
            + "and run its parts: the coordinator, gateways, simulated devices; submit and follow jobs, list nodes, read epochs and telemetry through the API, "
            + "and audit or fund the ledger.");
        foreach (var command in _commands)
        {
            root.Add(command(context));
        }

        root.Add(new Option<bool>(VerboseOption)
        {
            Description = "Log at Debug level and show the stack trace with an error (as EDGECOMPUTE_LOG_LEVEL=Debug does).",
            Recursive = true,
        });
        var logFormat = new Option<string>(LogFormatOption)
        {
            Description = "The log's format on standard error: text (one line per entry) or json (one JSON object per line, as EDGECOMPUTE_LOG_FORMAT=json does).",
            Recursive = true,
            DefaultValueFactory = _ => "text",
        };
        logFormat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("text" or "json") and var value)
            {
                result.AddError($"{LogFormatOption} must be text or json, found \"{value}\"");
            }
        });
        root.Add(logFormat);
        NumberParsers.Apply(root);

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
        if (!context.Verbose && parsed.Errors.Count == 0 && parsed.GetValue<bool>(VerboseOption))
        {
            context = context.AsVerbose();
            parsed = Create(context).Parse(args);
        }

        if (!context.JsonLogs && parsed.Errors.Count == 0 && parsed.GetValue<string>(LogFormatOption) == "json")
        {
            context = context.AsJsonLogs();
            parsed = Create(context).Parse(args);
        }

        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"error: {OneLine(error.Message)}").ConfigureAwait(false);
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
            return await ReportAsync(e, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the last resort of a command-line tool: one line by kind (FailureCause), the stack only with --verbose
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await ReportAsync(CommandFailures.Unexplained(e), context).ConfigureAwait(false);
        }
    }

    /// <summary>Prints a failure as one line (<c>error: …</c>); with <c>--verbose</c> the exception behind it follows, stack trace and all.</summary>
    private static async Task<int> ReportAsync(CommandFailedException failure, CliContext context)
    {
        await context.Error.WriteLineAsync($"error: {OneLine(failure.Message)}").ConfigureAwait(false);
        if (context.ShowsStackTraces && failure.InnerException is { } cause)
        {
            await context.Error.WriteLineAsync(cause.ToString()).ConfigureAwait(false);
        }

        return failure.ExitCode;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
