using System.CommandLine;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Provision;

/// <summary><c>edgecompute provision device</c>: one real ESP32's configuration file.</summary>
internal static class ProvisionDeviceCommand
{
    /// <summary>The device broker's TLS port a board with <c>--ca</c> connects to unless told otherwise (as <c>--listen mqtts://</c> defaults).</summary>
    public const int DeviceBrokerTlsPort = 8884;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder (its devices/<id>.json is read).", HelpName = "DIR", Required = true };
        var id = new Option<string>("--id") { Description = "The device id, such as dev-0001.", HelpName = "ID", Required = true };
        var ssid = new Option<string>("--wifi-ssid") { Description = "The Wi-Fi network the board joins.", HelpName = "SSID", Required = true };
        var passwordFile = new Option<FileInfo>(WifiPassword.FileOption)
        {
            Description = $"A file holding only the Wi-Fi password (one final line break is ignored). Without it the password is read from {WifiPassword.EnvironmentVariable}; it is never an argument.",
            HelpName = "FILE",
        };
        var host = new Option<string>("--gateway-host") { Description = "The gateway's LAN host name or address, as the board reaches it.", HelpName = "HOST", Required = true };
        var port = new Option<int?>("--gateway-port") { Description = "The gateway's device broker port [default: the device file's, 1884 unless provisioned otherwise]", HelpName = "PORT" };
        port.Validators.Add(r =>
        {
            if (OptionRanges.TryGetValue(r, out int? given) && given is { } value and (< 1 or > 65535))
            {
                r.AddError($"--gateway-port must be 1 to 65535, found {value}");
            }
        });
        var ca = new Option<FileInfo>("--ca")
        {
            Description = "The fleet's CA certificate (ca.pem from 'provision tls'): the board then connects to the gateway's TLS device broker (port 8884 unless --gateway-port) and checks its certificate against it; deploy it to the board as I:\\edgecompute-ca.pem.",
            HelpName = "FILE",
        };
        var output = new Option<FileInfo>("--out") { Description = "The configuration file to write (readable by you only).", HelpName = "FILE", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace --out if it exists." };
        var command = new Command("device", $"Write a real ESP32's configuration in the firmware's key=value format: its id and key from the fleet, the gateway address, the Wi-Fi network. The password comes from {WifiPassword.FileOption} or {WifiPassword.EnvironmentVariable}.")
        {
            fleet, id, ssid, passwordFile, host, port, ca, output, force,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var device = FleetFolder.Open(parsed.GetRequiredValue(fleet).FullName).ReadDevice(parsed.GetRequiredValue(id), id.Name);
            var gatewayHost = HostNames.Require(parsed.GetRequiredValue(host), host.Name);
            var (password, source) = WifiPassword.Read(parsed.GetValue(passwordFile), context.GetEnvironmentVariable);
            var caFile = parsed.GetValue(ca);
            if (caFile is not null)
            {
                _ = Tls.TlsFileOptions.ReadTrust(caFile); // a file that is not a CA certificate stops here (exit 78)
            }

            var gatewayPort = parsed.GetValue(port) ?? (caFile is null ? device.GatewayPort : DeviceBrokerTlsPort);
            var text = BoardConfiguration.Build(device, gatewayHost, gatewayPort, parsed.GetRequiredValue(ssid), password, source);
            var path = parsed.GetRequiredValue(output).FullName;
            if (File.Exists(path) && !parsed.GetValue(force))
            {
                throw CommandFailedException.Failure($"--out: {path} exists; pass --force to replace it");
            }

            try
            {
                await SecretFiles.WriteAsync(path, text, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"--out: cannot write {path}: {e.Message}");
            }

            await context.Out.WriteLineAsync(
                $"Wrote {path}: {device.DeviceId} (owner {device.OwnerId}) joins Wi-Fi \"{parsed.GetValue(ssid)}\" and gateway {device.GatewayId} at {gatewayHost}:{gatewayPort}.").ConfigureAwait(false);
            await context.Out.WriteLineAsync("It holds the device key and the Wi-Fi password: copy it to the board as its configuration, then delete this copy.").ConfigureAwait(false);
            if (caFile is not null)
            {
                await context.Out.WriteLineAsync(
                    $"TLS: deploy {caFile.FullName} to the board as I:\\edgecompute-ca.pem beside the configuration; the board then connects with TLS to {gatewayHost}:{gatewayPort}, which must be a name or address in the gateway's device broker certificate.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
