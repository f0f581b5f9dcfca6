namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// A command cannot go on; the message (shown as <c>error: …</c>) names the option to fix, and the exit code says what kind
/// of failure it is. The exception that caused it, if any, is kept as the inner exception: its stack trace is printed only
/// with <c>--verbose</c> (or <c>EDGECOMPUTE_LOG_LEVEL=Debug</c>).
/// </summary>
internal sealed class CommandFailedException : Exception
{
    private CommandFailedException(int exitCode, string message, Exception? cause)
        : base(message, cause) => ExitCode = exitCode;

    /// <summary>Gets the process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>The command line is wrong (exit 2).</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <param name="cause">The exception behind it, if any.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Usage(string message, Exception? cause = null) => new(ExitCodes.Usage, message, cause);

    /// <summary>A file, folder or setting named by an option or the environment is missing or invalid (exit 78).</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <param name="cause">The exception behind it, if any.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Configuration(string message, Exception? cause = null) => new(ExitCodes.Configuration, message, cause);

    /// <summary>Any other failure (exit 1).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="cause">The exception behind it, if any.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Failure(string message, Exception? cause = null) => new(ExitCodes.Failure, message, cause);

    /// <summary>The same failure with the exception that caused it attached.</summary>
    /// <param name="cause">The exception.</param>
    /// <returns>A new exception with the same message and exit code.</returns>
    public CommandFailedException Because(Exception cause) => new(ExitCode, Message, cause);
}
