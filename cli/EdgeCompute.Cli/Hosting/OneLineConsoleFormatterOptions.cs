using Microsoft.Extensions.Logging.Console;

namespace EdgeCompute.Cli.Hosting;

/// <summary>Options of <see cref="OneLineConsoleFormatter"/>.</summary>
internal sealed class OneLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Gets or sets a value indicating whether an exception's stack trace follows its entry (off: its type and message only).</summary>
    public bool IncludeStackTraces { get; set; }
}
