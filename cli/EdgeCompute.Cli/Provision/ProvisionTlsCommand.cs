using System.CommandLine;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Provision;

/// <summary><c>edgecompute provision tls</c>: the fleet's private CA, a server certificate for a broker or API host, and a client certificate per gateway.</summary>
internal static class ProvisionTlsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder (its coordinator.json names the gateways).", HelpName = "DIR", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder for the certificates (created if needed). A CA already there (ca.pem, ca-key.pem) is kept and signs the new certificates.", HelpName = "DIR", Required = true };
        var hosts = new Option<string>("--hosts")
        {
            Description = "The names and addresses clients use to reach the server, comma-separated; they become the server certificate's names (the first is also its CN).",
            HelpName = "NAMES",
            DefaultValueFactory = _ => string.Join(',', TlsProvisionRequest.DefaultHosts),
        };
        var serverName = new Option<string>("--server-name")
        {
            Description = "The server certificate's file name: NAME.pem and NAME-key.pem (another name issues another server's certificate from the same CA, such as a gateway's device broker).",
            HelpName = "NAME",
            DefaultValueFactory = _ => TlsFiles.DefaultServerName,
        };
        var days = new Option<int>("--days") { Description = "How many days the server and client certificates are valid (the CA: ten years).", HelpName = "N", DefaultValueFactory = _ => 825 }.InRange(1, 3650);
        var renew = new Option<bool>("--renew-gateways") { Description = "Issue new client certificates for gateways that have one already (by default only missing ones are made)." };
        var command = new Command("tls", "Make the fleet's private CA (ca.pem), a server certificate and key for the broker/API host (server.pem, server-key.pem) and a client certificate per gateway whose CN is the gateway id (gateways/<id>.pem, gateways/<id>-key.pem). Keys are readable by you only.")
        {
            fleet, output, hosts, serverName, days, renew,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var registry = FleetFolder.Open(parsed.GetRequiredValue(fleet).FullName).ReadCoordinator();
            var names = parsed.GetRequiredValue(hosts).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(h => HostNames.Require(h, "--hosts")).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (names.Length == 0)
            {
                throw CommandFailedException.Usage("--hosts: give at least one host name or address");
            }

            var name = parsed.GetRequiredValue(serverName);
            if (!Protocol.Ids.ProtocolId.IsValid(name) || name is "ca")
            {
                throw CommandFailedException.Usage($"--server-name: \"{name}\" must match {Protocol.Ids.ProtocolId.Rule} and not be \"ca\"");
            }

            var folder = Path.GetFullPath(parsed.GetRequiredValue(output).FullName);
            var request = new TlsProvisionRequest
            {
                Folder = folder,
                GatewayIds = [.. registry.Gateways.Select(g => g.Id)],
                Hosts = names,
                ServerName = name,
                CertificateDays = parsed.GetValue(days),
                RenewGateways = parsed.GetValue(renew),
            };
            TlsProvisionResult result;
            try
            {
                result = FleetTlsFolder.Provision(request, context.Time.GetUtcNow());
            }
            catch (TlsFileException e)
            {
                throw CommandFailedException.Configuration($"--out: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"--out: cannot write to {folder}: {e.Message}");
            }

            var o = context.Out;
            await o.WriteLineAsync(result.AuthorityCreated
                ? $"Made the fleet's CA: {result.AuthorityCertificate} (give it to every TLS client: --ca) and {Path.Combine(folder, TlsFiles.AuthorityKey)} (signs new certificates; keep it offline)."
                : $"Kept the fleet's CA {result.AuthorityCertificate}; it signed the certificates below.").ConfigureAwait(false);
            await o.WriteLineAsync($"Server certificate for {string.Join(", ", names)}: {result.ServerCertificate}, key {result.ServerKey}.").ConfigureAwait(false);
            await o.WriteLineAsync($"Gateway client certificates in {Path.Combine(folder, TlsFiles.GatewayFolder)}: {Count(result.GatewaysIssued, "issued")}, {Count(result.GatewaysKept, "kept")}.").ConfigureAwait(false);
            await o.WriteLineAsync("Keys are readable by their owner only; give each service's user its own key (see 'provision mosquitto --tls' for Mosquitto's).").ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(IReadOnlyList<string> ids, string what) => ids.Count == 0 ? $"none {what}" : $"{ids.Count} {what} ({IdList.Abbreviate([.. ids])})";
}
