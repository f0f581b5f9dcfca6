using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Hosting;

/// <summary>What a command may use of the process: its output, the environment, logging and the clock. Tests replace each.</summary>
internal sealed class CliContext
{
    /// <summary>Gets the writer for results (<c>--json</c> output included).</summary>
    public TextWriter Out { get; init; } = Console.Out;

    /// <summary>Gets the writer for errors.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>Gets the reader of environment variables (secrets such as <c>EDGECOMPUTE_WIFI_PASSWORD</c> come from here).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the logging set-up of long-running commands; by default a console log on standard error, so standard output stays parseable.</summary>
    public Action<ILoggingBuilder> ConfigureLogging { get; init; } = ConsoleLogging.Configure;

    /// <summary>Gets the clock of the simulated devices.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets the reader of the process's open-files limit and use; null when there is no limit to check.</summary>
    public Func<OpenFiles?> ReadOpenFiles { get; init; } = OpenFiles.OfThisProcess;

    /// <summary>Gets whether Ctrl+C and SIGTERM cancel the running command (off in tests, which cancel through a token).</summary>
    public bool HandleProcessSignals { get; init; } = true;

    /// <summary>Gets whether <c>--verbose</c> was given: Debug-level logs, and stack traces with errors.</summary>
    public bool Verbose { get; init; }

    /// <summary>Gets whether errors show their stack traces: <c>--verbose</c>, or <see cref="ConsoleLogging.LevelVariable"/> at Debug or below.</summary>
    public bool ShowsStackTraces => Verbose || ConsoleLogging.RequestedLevel <= LogLevel.Debug;

    /// <summary>The same context for a <c>--verbose</c> run: its logging set-up plus <see cref="ConsoleLogging.MakeVerbose"/>.</summary>
    /// <returns>The verbose context.</returns>
    public CliContext AsVerbose()
    {
        var configure = ConfigureLogging;
        return new CliContext
        {
            Out = Out,
            Error = Error,
            GetEnvironmentVariable = GetEnvironmentVariable,
            ConfigureLogging = logging =>
            {
                configure(logging);
                ConsoleLogging.MakeVerbose(logging);
            },
            Time = Time,
            ReadOpenFiles = ReadOpenFiles,
            HandleProcessSignals = HandleProcessSignals,
            Verbose = true,
            JsonLogs = JsonLogs,
        };
    }

    /// <summary>Gets whether <c>--log-format json</c> was given.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>The same context for a <c>--log-format json</c> run: its logging set-up plus <see cref="ConsoleLogging.UseJson"/>.</summary>
    /// <returns>The context.</returns>
    public CliContext AsJsonLogs()
    {
        var configure = ConfigureLogging;
        return new CliContext
        {
            Out = Out,
            Error = Error,
            GetEnvironmentVariable = GetEnvironmentVariable,
            ConfigureLogging = logging =>
            {
                configure(logging);
                ConsoleLogging.UseJson(logging);
            },
            Time = Time,
            ReadOpenFiles = ReadOpenFiles,
            HandleProcessSignals = HandleProcessSignals,
            Verbose = Verbose,
            JsonLogs = true,
        };
    }
}
