using System.CommandLine;
using EdgeCompute.Cli.Api;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Provision;

/// <summary><c>edgecompute provision fleet</c>: a new fleet's keys and files.</summary>
internal static class ProvisionFleetCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var devices = new Option<int>("--devices") { Description = "How many devices (ESP32 boards or simulated ones).", HelpName = "N", Required = true }.InRange(0, 100_000);
        var gateways = new Option<int>("--gateways") { Description = "How many gateways (Raspberry Pis).", HelpName = "M", Required = true }.InRange(1, 10_000);
        var owners = new Option<int>("--owners") { Description = "How many owners the hardware belongs to (gateways and devices are dealt out in turn).", HelpName = "K", DefaultValueFactory = _ => 1 }.InRange(1, 10_000);
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write the fleet to (created if needed).", HelpName = "DIR", Required = true };
        var host = new Option<string>("--gateway-host") { Description = "The host name or address devices reach their gateway at, written into every device file.", HelpName = "HOST", DefaultValueFactory = _ => "localhost" };
        var port = new Option<int>("--gateway-port") { Description = "The gateways' device broker port.", HelpName = "PORT", DefaultValueFactory = _ => DeviceFile.DefaultGatewayPort }.InRange(1, 65535);
        var distinct = new Option<bool>("--distinct-gateway-ports") { Description = "Give gateway i the port --gateway-port + i, so several gateways can run on one machine." };
        var api = ApiOptions.Api();
        api.Description = "The coordinator's HTTP API as owners and gateways reach it, written into each owner's file (owners/<id>.json) and each gateway's (gateways/<id>.json: where it fetches WebAssembly modules and inputs by hash).";
        var force = new Option<bool>("--force") { Description = "Replace a fleet already in --out (its coordinator.json, gateways/*.json and devices/*.json are deleted first)." };
        var command = new Command("fleet", "Make a new fleet: the coordinator's registry, one file per gateway and one per device, with fresh keys and passwords.")
        {
            devices, gateways, owners, output, host, port, distinct, api, force,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            var apiAddress = new Uri(parsed.GetRequiredValue(api).Url);
            var spec = new FleetSpec(parsed.GetValue(owners), parsed.GetValue(gateways), parsed.GetValue(devices))
            {
                GatewayHost = HostNames.Require(parsed.GetValue(host)!, host.Name),
                GatewayPort = parsed.GetValue(port),
                DistinctGatewayPorts = parsed.GetValue(distinct),
                Api = apiAddress,
            };
            var folder = Path.GetFullPath(parsed.GetRequiredValue(output).FullName);
            return Task.FromResult(FleetWriter.Write(spec, folder, parsed.GetValue(force), context.Out, apiAddress));
        });
        return command;
    }
}
