using System.CommandLine;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Demo;

/// <summary><c>edgecompute demo</c>: the whole network in one process on embedded defaults.</summary>
internal static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var devices = new Option<int>("--devices") { Description = "Simulated ESP32 devices.", HelpName = "N", DefaultValueFactory = _ => 24 };
        devices.Validators.Add(r => Range(r, devices, 4, 500));
        var gateways = new Option<int>("--gateways") { Description = "Gateways, each with its own device broker.", HelpName = "M", DefaultValueFactory = _ => 3 };
        gateways.Validators.Add(r => Range(r, gateways, 2, 20));
        var duration = new Option<int>("--duration") { Description = "Seconds the devices run and the jobs are worked on (the epoch length); devices keep running while a job is unfinished, up to twice this.", HelpName = "SECONDS", DefaultValueFactory = _ => 40 };
        duration.Validators.Add(r => Range(r, duration, 15, 3600));
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for the SQLite files (ledger, telemetry, work, outboxes) and the PNG outputs; the demo's own files in it are replaced.", HelpName = "DIR", DefaultValueFactory = _ => new DirectoryInfo("edgecompute-data") };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on the last line." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the fleet's behaviours, sensors and the coordinator's choices [default: random, printed].", HelpName = "S" };
        var brokerPort = new Option<int>("--broker-port") { Description = "Coordinator broker port (0 = any free port).", HelpName = "PORT", DefaultValueFactory = _ => 1883 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "First gateway device broker port; gateway i listens on PORT+i (0 = any free ports).", HelpName = "PORT", DefaultValueFactory = _ => 1884 };
        var httpPort = new Option<int>("--http-port") { Description = "Coordinator HTTP API port (0 = any free port).", HelpName = "PORT", DefaultValueFactory = _ => 8080 };
        foreach (var port in new[] { brokerPort, gatewayPort, httpPort })
        {
            port.Validators.Add(r => Range(r, port, 0, 65535));
        }

        var command = new Command("demo",
            "Run the whole network in one process: a coordinator with its broker and SQLite ledger, gateways with their device brokers, simulated devices " +
            "(honest, cheating, lazy, flaky, rebooting), a job of every kind, an epoch closed and paid, the ledger verified.")
        {
            devices, gateways, duration, data, json, seed, brokerPort, gatewayPort, httpPort,
        };
        command.SetAction((parsed, cancellationToken) => DemoRun.RunAsync(
            new DemoSettings(
                parsed.GetValue(devices),
                parsed.GetValue(gateways),
                TimeSpan.FromSeconds(parsed.GetValue(duration)),
                parsed.GetRequiredValue(data).FullName,
                parsed.GetValue(json),
                parsed.GetValue(seed) ?? Random.Shared.Next(1, int.MaxValue),
                parsed.GetValue(brokerPort),
                parsed.GetValue(gatewayPort),
                parsed.GetValue(httpPort)),
            context,
            cancellationToken));
        return command;
    }

    private static void Range(System.CommandLine.Parsing.OptionResult result, Option<int> option, int min, int max)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{option.Name} must be {min} to {max}, found {value}");
        }
    }
}
