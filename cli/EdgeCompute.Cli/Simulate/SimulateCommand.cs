using System.CommandLine;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Cli.Simulate;

/// <summary><c>edgecompute simulate</c>: virtual ESP32 devices from the fleet's device files, against a gateway's broker.</summary>
internal static class SimulateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder; its devices/*.json are read.", HelpName = "DIR", Required = true };
        var broker = EndpointOption.Create("--broker", EndpointRule.DeviceBroker, "The gateway device broker every simulated device connects to (mqtts:// for its TLS listener) [default: each device's own gateway, host and port from its device file]");
        var ca = TlsFileOptions.Ca("the gateway's device broker", "--broker mqtts://");
        var gateway = new Option<string>("--gateway") { Description = "Simulate only this gateway's devices [default: every device of the fleet]", HelpName = "ID" };
        var devices = new Option<int?>("--devices") { Description = "Simulate only the first N of them (by id) [default: all]", HelpName = "N" };
        devices.Validators.Add(r =>
        {
            if (OptionRanges.TryGetValue(r, out int? value) && value is { } n and < 1)
            {
                r.AddError($"--devices must be at least 1, found {n}");
            }
        });
        var rate = new Option<double>("--rate") { Description = "Samples per second of every sensor channel.", HelpName = "HZ", DefaultValueFactory = _ => 1 }.AboveAndAtMost(0, 1000);
        var window = new Option<double>("--window") { Description = "Seconds per telemetry window; a board sends one summary per window (boards use 60).", HelpName = "SECONDS", DefaultValueFactory = _ => 10 }.AboveAndAtMost(0, 86_400);
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds [default: run until Ctrl+C]", HelpName = "SECONDS" };
        duration.Validators.Add(r =>
        {
            if (OptionRanges.TryGetValue(r, out double? value) && value is { } d && !(d > 0 && d <= 1e9))
            {
                r.AddError($"--duration must be above 0 seconds, found {d}");
            }
        });
        var tickThreads = new Option<int>("--tick-threads")
        {
            Description = "How many threads sample the devices at each tick (publishing runs apart, asynchronously: a device's publish waits for its PUBACK without delaying any sample).",
            HelpName = "N",
            DefaultValueFactory = _ => SimulationRun.DefaultTickThreads,
        }.InRange(1, 1024);
        var keepAlive = new Option<int>("--keep-alive")
        {
            Description = "The devices' MQTT keep-alive in seconds; 0 turns it off (MQTTnet's client then runs no keep-alive loop, which wakes every 250 ms per connection).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => SimulationRun.DefaultKeepAliveSeconds,
        }.InRange(0, 65535);
        var ringBytes = new Option<int>("--ring-bytes")
        {
            Description = $"Each device's store-and-forward ring in bytes (a board's default is {SimulationRun.DefaultRingBytes}; at least {DeviceAgentOptions.MinRingCapacityBytes}, one largest frame).",
            HelpName = "N",
            DefaultValueFactory = _ => SimulationRun.DefaultRingBytes,
        }.InRange(DeviceAgentOptions.MinRingCapacityBytes, 1048576);
        var mqtt = new Option<string>("--mqtt")
        {
            Description = "The devices' MQTT version: 5, or 3.1.1 as the boards' M2Mqtt speaks it (about 4 KB less per device in MQTTnet; no --flaky).",
            HelpName = "VERSION",
            DefaultValueFactory = _ => "5",
        };
        mqtt.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value is not ("5" or "3.1.1"))
            {
                r.AddError($"--mqtt must be 5 or 3.1.1, found {value}");
            }
        });
        var seed = new Option<int?>("--seed") { Description = "The fleet seed: behaviours, sensor values and jitter follow from it [default: random, printed]", HelpName = "S" };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = $"The folder for the devices' state (their boot counters, as a board keeps them in flash), one file per fleet in DIR/simulator [default: ./{StoreOptions.DefaultDataFolder}]",
            HelpName = "DIR",
        };
        var frameLog = new Option<FileInfo>("--frame-log")
        {
            Description = "Write one CSV line per telemetry frame the gateway acknowledged: device, boot, seq, its window's end, when it was sealed and the PUBACK's time (ms since the epoch), for latency by hop (bench/fleet-run.sh).",
            HelpName = "FILE",
        };
        var json = new Option<bool>("--json") { Description = "Print the totals as one JSON object on the last line." };
        var lazy = new Option<double>("--lazy") { Description = "Share of devices that drop their tasks.", HelpName = "SHARE" }.Share();
        var cheaters = new Option<double>("--cheaters") { Description = "Share of devices that return wrong results with valid MACs.", HelpName = "SHARE" }.Share();
        var flaky = new Option<double>("--flaky") { Description = "Share of devices with a flaky link (refused publishes, disconnects).", HelpName = "SHARE" }.Share();
        var reboots = new Option<double>("--reboots") { Description = "Share of devices that lose power now and then.", HelpName = "SHARE" }.Share();
        var command = new Command(
            "simulate",
            "Run simulated ESP32 devices of the fleet against a gateway's device broker; prints the seed and the totals.")
        {
            fleet, broker, ca, gateway, devices, rate, window, duration, tickThreads, keepAlive, ringBytes, mqtt, seed, data, frameLog, json, lazy, cheaters, flaky, reboots,
        };
        command.SetAction((parsed, cancellationToken) => SimulationRun.RunAsync(
            new SimulationRequest(
                parsed.GetRequiredValue(fleet).FullName,
                parsed.GetValue(broker),
                parsed.GetValue(gateway),
                parsed.GetValue(devices),
                parsed.GetValue(rate),
                parsed.GetValue(window),
                parsed.GetValue(duration),
                parsed.GetValue(seed),
                parsed.GetValue(json),
                new(parsed.GetValue(lazy), parsed.GetValue(cheaters), parsed.GetValue(flaky), parsed.GetValue(reboots)),
                (parsed.GetValue(data)?.FullName) ?? Path.GetFullPath(StoreOptions.DefaultDataFolder),
                parsed.GetValue(ca),
                parsed.GetValue(tickThreads),
                parsed.GetValue(keepAlive),
                parsed.GetValue(ringBytes),
                parsed.GetValue(mqtt) == "3.1.1",
                parsed.GetValue(frameLog)),
            context,
            cancellationToken));
        return command;
    }
}
