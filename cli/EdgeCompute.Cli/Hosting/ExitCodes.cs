using EdgeCompute.Gateway.Service;

namespace EdgeCompute.Cli.Hosting;

/// <summary>The process exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Done (also after Ctrl+C stopped a long-running command).</summary>
    public const int Ok = 0;

    /// <summary>Anything else went wrong: a port in use, a file that could not be written, a fleet that would be overwritten.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown or missing option, a value out of range; the message names the option.</summary>
    public const int Usage = 2;

    /// <summary>A file or folder an option names is missing or invalid (<c>EX_CONFIG</c>, as the gateway service uses).</summary>
    public const int Configuration = GatewayServiceExtensions.ConfigurationErrorExitCode;

    /// <summary>Ctrl+C interrupted a command that cannot stop cleanly halfway (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
