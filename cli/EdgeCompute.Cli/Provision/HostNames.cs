using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Provision;

/// <summary>Checks a host name or address given on the command line, as the firmware's configuration accepts it.</summary>
internal static class HostNames
{
    /// <summary>Returns the host when it is a DNS name or an IP address (at most 253 characters).</summary>
    /// <param name="host">The text.</param>
    /// <param name="optionName">The option that gave it.</param>
    /// <returns>The host.</returns>
    /// <exception cref="CommandFailedException">It is not a host name or address (exit 2).</exception>
    public static string Require(string host, string optionName)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Length is > 0 and <= 253 && Uri.CheckHostName(host) != UriHostNameType.Unknown
            ? host
            : throw CommandFailedException.Usage($"{optionName}: \"{host}\" is not a host name or IP address");
    }
}
