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
