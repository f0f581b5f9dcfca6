using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeCompute.Cli.Hosting;

/// <summary>The default log of long-running commands: one line per entry on standard error, information and up (MQTTnet's own chatter from warnings).</summary>
internal static class ConsoleLogging
{
    /// <summary>The environment variable that sets the lowest level logged (<c>Debug</c>, <c>Information</c>, <c>Warning</c>, …).</summary>
    public const string LevelVariable = "EDGECOMPUTE_LOG_LEVEL";

    /// <summary>Sets up the console log.</summary>
    /// <param name="logging">The logging builder.</param>
    public static void Configure(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LevelVariable), ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;
        logging.ClearProviders()
            .SetMinimumLevel(level)
            .AddFilter("MQTTnet", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
