using System.CommandLine;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Provision;

/// <summary><c>edgecompute provision</c>: keys and configuration files.</summary>
internal static class ProvisionCommand
{
    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context) => new("provision", "Make keys and configuration files: a fleet, one real board's configuration, TLS certificates, Mosquitto's files.")
    {
        ProvisionFleetCommand.Create(context),
        ProvisionDeviceCommand.Create(context),
        ProvisionTlsCommand.Create(context),
        ProvisionMosquittoCommand.Create(context),
    };
}
