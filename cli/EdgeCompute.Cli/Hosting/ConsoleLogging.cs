using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// The default log of long-running commands: one line per entry on standard error (<see cref="OneLineConsoleFormatter"/>),
/// information and up (MQTTnet's and ASP.NET Core's own chatter from warnings). Exceptions show their type and message;
/// their stack traces only at Debug level (<c>--verbose</c> or <see cref="LevelVariable"/>=Debug).
/// </summary>
internal static class ConsoleLogging
{
    /// <summary>The environment variable that sets the lowest level logged (<c>Debug</c>, <c>Information</c>, <c>Warning</c>, …).</summary>
    public const string LevelVariable = "EDGECOMPUTE_LOG_LEVEL";

    /// <summary>The environment variable that picks the log format: <c>json</c> for one JSON object per line (as <c>--log-format json</c>), else text.</summary>
    public const string FormatVariable = "EDGECOMPUTE_LOG_FORMAT";

    /// <summary>Gets whether <see cref="FormatVariable"/> asks for JSON.</summary>
    public static bool RequestedJson => string.Equals(Environment.GetEnvironmentVariable(FormatVariable), "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the level <see cref="LevelVariable"/> asks for (Information when unset or not a level).</summary>
    public static LogLevel RequestedLevel =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LevelVariable), ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;

    /// <summary>Sets up the console log.</summary>
    /// <param name="logging">The logging builder.</param>
    public static void Configure(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var level = RequestedLevel;
        logging.ClearProviders()
            .SetMinimumLevel(level)
            .AddFilter("MQTTnet", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddConsole(o =>
            {
                o.FormatterName = OneLineConsoleFormatter.FormatterName;
                o.LogToStandardErrorThreshold = LogLevel.Trace;
            })
            .AddConsoleFormatter<OneLineConsoleFormatter, OneLineConsoleFormatterOptions>(o =>
            {
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
                o.IncludeStackTraces = level <= LogLevel.Debug;
            });
        if (RequestedJson)
        {
            UseJson(logging);
        }
    }

    /// <summary>
    /// Switches the console log to JSON, one object per line on standard error (<c>Timestamp</c> UTC ISO 8601,
    /// <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>State</c> with the message's named values,
    /// <c>Exception</c>), for a log collector (journald, Loki, Elasticsearch) to parse.
    /// </summary>
    /// <param name="logging">The logging builder, after <see cref="Configure"/> (or a test's own set-up).</param>
    public static void UseJson(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddJsonConsole(o =>
        {
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            o.FormatterName = ConsoleFormatterNames.Json;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
    }

    /// <summary>What <c>--verbose</c> adds to a logging set-up: Debug level (MQTTnet's and ASP.NET Core's too) and stack traces.</summary>
    /// <param name="logging">The logging builder, after <see cref="Configure"/> (or a test's own set-up).</param>
    public static void MakeVerbose(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.SetMinimumLevel(LogLevel.Debug)
            .AddFilter("MQTTnet", LogLevel.Debug)
            .AddFilter("Microsoft", LogLevel.Debug);
        logging.Services.Configure<OneLineConsoleFormatterOptions>(o => o.IncludeStackTraces = true);
    }
}
