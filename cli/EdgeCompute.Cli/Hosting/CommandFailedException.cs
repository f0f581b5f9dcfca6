namespace EdgeCompute.Cli.Hosting;

/// <summary>A command cannot go on; the message (shown as <c>error: …</c>) names the option to fix, and the exit code says what kind of failure it is.</summary>
internal sealed class CommandFailedException : Exception
{
    private CommandFailedException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>Gets the process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>The command line is wrong (exit 2).</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>A file or folder named by an option is missing or invalid (exit 78).</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Configuration(string message) => new(ExitCodes.Configuration, message);

    /// <summary>Any other failure (exit 1).</summary>
    /// <param name="message">What went wrong.</param>
    /// <returns>The exception.</returns>
    public static CommandFailedException Failure(string message) => new(ExitCodes.Failure, message);
}
