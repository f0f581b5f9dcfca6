using System.CommandLine;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;

namespace EdgeCompute.Cli.Gateway;

/// <summary><c>edgecompute gateway</c>: one gateway in the foreground, as the Raspberry Pi service runs it, until Ctrl+C.</summary>
internal static class GatewayCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder; only its gateways/<id>.json is read. Other settings: EDGECOMPUTE_GatewayOptions__* variables, as for the service.", HelpName = "DIR", Required = true };
        var id = new Option<string>("--id") { Description = "The gateway id, such as gw-01.", HelpName = "ID", Required = true };
        var broker = EndpointOption.Create("--broker", EndpointRule.CentralBroker, "The coordinator's central broker (mqtts:// for TLS).", required: true);
        var listen = EndpointOption.Create(
            "--listen", EndpointRule.DeviceBrokerListen, "Where the device broker listens, mqtt:// or mqtts:// with --tls-cert and --tls-key [default: mqtt://127.0.0.1 and the gateway file's port, 1884 unless provisioned otherwise; 0.0.0.0 for boards on the LAN]");
        var ca = TlsFileOptions.Ca("the central broker (--broker)", "--broker mqtts://");
        var clientCert = TlsFileOptions.File("--client-cert", "This gateway's client certificate (PEM; gateways/<id>.pem from 'provision tls', subject CN = the gateway id) for a broker that requires one; with --client-key.");
        var clientKey = TlsFileOptions.File("--client-key", "The client certificate's private key (PEM; gateways/<id>-key.pem).");
        var tlsCert = TlsFileOptions.File("--tls-cert", "The device broker's server certificate (PEM) for --listen mqtts://; its names must include the address boards connect to.");
        var tlsKey = TlsFileOptions.File("--tls-key", "The device broker certificate's private key (PEM).");
        var data = new Option<DirectoryInfo>("--data") { Description = $"The folder for the outbox and the local data store; keep it out of the fleet folder, which holds the keys [default: ./{GatewayRun.DefaultDataFolder}/<id>]", HelpName = "DIR" };
        var command = new Command(
            "gateway",
            "Run one gateway until Ctrl+C: device broker, durable outbox, signed uplink, task dispatch.")
        {
            fleet, id, broker, listen, data, ca, clientCert, clientKey, tlsCert, tlsKey,
        };
        command.SetAction((parsed, cancellationToken) => GatewayRun.RunAsync(
            new GatewayRunRequest(
                parsed.GetRequiredValue(fleet).FullName,
                parsed.GetRequiredValue(id),
                parsed.GetRequiredValue(broker),
                parsed.GetValue(listen),
                parsed.GetValue(data)?.FullName,
                new GatewayTlsFiles(parsed.GetValue(ca), parsed.GetValue(clientCert), parsed.GetValue(clientKey), parsed.GetValue(tlsCert), parsed.GetValue(tlsKey))),
            context,
            cancellationToken));
        return command;
    }
}
