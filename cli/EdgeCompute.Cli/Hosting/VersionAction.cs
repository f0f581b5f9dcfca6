using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace EdgeCompute.Cli.Hosting;

/// <summary>Prints this tool's version (not the entry assembly's, which differs when the command runs in-process).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>Gets the informational version, such as <c>0.1.0+commit</c>.</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
