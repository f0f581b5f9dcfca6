using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// One line per log entry: <c>HH:mm:ss level: category[event] message</c>, and for an exception its type and message
/// in brackets — the stack trace only when <see cref="OneLineConsoleFormatterOptions.IncludeStackTraces"/> is on
/// (<c>--verbose</c>, or <c>EDGECOMPUTE_LOG_LEVEL=Debug</c>), on the lines after.
/// </summary>
internal sealed class OneLineConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The formatter's name, for <see cref="ConsoleLoggerOptions.FormatterName"/>.</summary>
    public const string FormatterName = "edgecompute";

    private readonly IDisposable? _reload;
    private OneLineConsoleFormatterOptions _options;

    /// <summary>Initializes a new instance of the <see cref="OneLineConsoleFormatter"/> class.</summary>
    /// <param name="options">The options.</param>
    public OneLineConsoleFormatter(IOptionsMonitor<OneLineConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var options = _options;
        var now = options.UseUtcTimestamp ? TimeProvider.System.GetUtcNow() : TimeProvider.System.GetLocalNow();
        textWriter.Write(now.ToString(options.TimestampFormat ?? "HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(OneLine(message ?? ""));
        if (logEntry.Exception is { } exception)
        {
            if (options.IncludeStackTraces)
            {
                textWriter.Write(Environment.NewLine);
                textWriter.Write(exception.ToString());
            }
            else
            {
                textWriter.Write($" ({exception.GetType().Name}: {OneLine(exception.Message)})");
            }
        }

        textWriter.Write(Environment.NewLine);
    }

    /// <inheritdoc/>
    public void Dispose() => _reload?.Dispose();

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) ? string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : text;
}
