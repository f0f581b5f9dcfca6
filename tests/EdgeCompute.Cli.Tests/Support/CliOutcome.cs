namespace EdgeCompute.Cli.Tests.Support;

/// <summary>How a command ended and what it printed.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error)
{
    public string LastLine => Out.TrimEnd('\n', '\r').Split('\n')[^1].TrimEnd('\r');
}
