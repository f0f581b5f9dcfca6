using System.CommandLine;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Registry;

namespace EdgeCompute.Cli.Provision;

/// <summary><c>edgecompute provision mosquitto</c>: the password and ACL files for a Mosquitto central broker.</summary>
internal static class ProvisionMosquittoCommand
{
    /// <summary>The password file's name in the output folder.</summary>
    public const string PasswordFileName = "passwd";

    /// <summary>The ACL file's name in the output folder.</summary>
    public const string AclFileName = "acl";

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder (its coordinator.json is read).", HelpName = "DIR", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = $"The folder for {PasswordFileName} and {AclFileName} (created if needed; both are replaced, as after a registry change).", HelpName = "DIR", Required = true };
        var user = new Option<string>("--coordinator-user") { Description = "The coordinator's own user name on the broker.", HelpName = "NAME", DefaultValueFactory = _ => "coordinator" };
        var passwordFile = new Option<FileInfo>("--coordinator-password-file")
        {
            Description = $"A file holding the coordinator's broker password. Without it: {CoordinatorBrokerPassword.EnvironmentVariable}, else a random one kept in --out/{CoordinatorBrokerPassword.FileName}.",
            HelpName = "FILE",
        };
        var port = new Option<int>("--port") { Description = "The listener port written into the printed mosquitto.conf lines.", HelpName = "PORT", DefaultValueFactory = _ => 1883 }.InRange(1, 65535);
        var tls = new Option<DirectoryInfo>("--tls")
        {
            Description = "The folder 'provision tls' wrote: print TLS listeners too, one for the gateways (client certificate required; its CN, the gateway id, is the user name the ACL names) and one for the coordinator (TLS with its password).",
            HelpName = "DIR",
        };
        var tlsPort = new Option<int>("--tls-port") { Description = "The gateways' TLS listener port (with --tls).", HelpName = "PORT", DefaultValueFactory = _ => 8883 }.InRange(1, 65535);
        var coordinatorTlsPort = new Option<int>("--coordinator-tls-port") { Description = "The coordinator's TLS listener port (with --tls).", HelpName = "PORT", DefaultValueFactory = _ => 8884 }.InRange(1, 65535);
        var command = new Command("mosquitto", "Write Mosquitto's password and ACL files from the fleet's registry (each gateway may publish and read only its own topics) and print the mosquitto.conf lines that use them.")
        {
            fleet, output, user, passwordFile, port, tls, tlsPort, coordinatorTlsPort,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var coordinatorUser = parsed.GetRequiredValue(user);
            if (!Protocol.Ids.ProtocolId.IsValid(coordinatorUser))
            {
                throw CommandFailedException.Usage($"--coordinator-user: \"{coordinatorUser}\" must match {Protocol.Ids.ProtocolId.Rule}");
            }

            var registry = new FleetRegistry(FleetFolder.Open(parsed.GetRequiredValue(fleet).FullName).ReadCoordinator());
            if (registry.Gateways.Any(g => g.Id == coordinatorUser))
            {
                throw CommandFailedException.Usage($"--coordinator-user: \"{coordinatorUser}\" is a gateway's user name; choose another");
            }

            var tlsFolder = parsed.GetValue(tls) is { } t ? MosquittoTlsLines.Check(t.FullName) : null;
            var ports = new[] { parsed.GetValue(port), parsed.GetValue(tlsPort), parsed.GetValue(coordinatorTlsPort) };
            if (tlsFolder is not null && ports.Distinct().Count() != ports.Length)
            {
                throw CommandFailedException.Usage($"--port, --tls-port and --coordinator-tls-port must differ, found {string.Join(", ", ports)}");
            }

            var folder = Path.GetFullPath(parsed.GetRequiredValue(output).FullName);
            var passwords = Path.Combine(folder, PasswordFileName);
            var acl = Path.Combine(folder, AclFileName);
            string source;
            try
            {
                Directory.CreateDirectory(folder);
                (var password, source) = await CoordinatorBrokerPassword.ResolveAsync(
                    parsed.GetValue(passwordFile), folder, context.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);
                await MosquittoConfigWriter.WriteAsync(registry, passwords, acl, coordinatorUser, password, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"--out: cannot write to {folder}: {e.Message}");
            }

            var o = context.Out;
            await o.WriteLineAsync($"Wrote {passwords} and {acl}: users {coordinatorUser} and {registry.Gateways.Count} gateways ({IdList.Abbreviate([.. registry.Gateways.Select(g => g.Id)])}).").ConfigureAwait(false);
            await o.WriteLineAsync($"The coordinator connects as {coordinatorUser} with the password from {source}.").ConfigureAwait(false);
            await o.WriteLineAsync("Add to mosquitto.conf (Mosquitto 2.x; Mosquitto must be able to read both files, e.g. chown root:mosquitto and chmod 0640):").ConfigureAwait(false);
            await o.WriteLineAsync($"  listener {parsed.GetValue(port)}").ConfigureAwait(false);
            await o.WriteLineAsync("  allow_anonymous false").ConfigureAwait(false);
            await o.WriteLineAsync($"  password_file {passwords}").ConfigureAwait(false);
            await o.WriteLineAsync($"  acl_file {acl}").ConfigureAwait(false);
            if (tlsFolder is not null)
            {
                await MosquittoTlsLines.WriteAsync(o, tlsFolder, parsed.GetValue(tlsPort), parsed.GetValue(coordinatorTlsPort)).ConfigureAwait(false);
            }

            await o.WriteLineAsync("After a registry change, run this again and send Mosquitto SIGHUP to reload the files.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
