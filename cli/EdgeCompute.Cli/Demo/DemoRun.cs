using System.Net;
using System.Text.Json;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Service;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Demo;

/// <summary>
/// Runs the whole network in one process through the same code paths as the separate processes: a
/// <see cref="CoordinatorNode"/> (embedded broker, SQLite stores), M <see cref="GatewayNode"/>s (each reading only its
/// own gateway file, with its device broker), N simulated devices over MQTT on loopback, a job of every kind, an epoch
/// closed and paid, the ledger verified from the store. Every figure in the summary is read from the stores, except
/// what the devices sent (the simulator's count of readings its gateway acknowledged).
/// </summary>
internal static class DemoRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(DemoSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var output = new DemoOutput(context, settings.Json);
        var notes = new List<string>();
        PrepareDataFolder(settings.DataFolder);
        await output.LineAsync($"EdgeCompute demo: {settings.Devices} devices, {settings.Gateways} gateways, {settings.Owners} device owners and an operator per gateway, {settings.Duration.TotalSeconds:0} s, seed {settings.Seed}; data in {settings.DataFolder}").ConfigureAwait(false);
        using var loggers = LoggerFactory.Create(builder =>
        {
            context.ConfigureLogging(builder);
            if (string.IsNullOrEmpty(context.GetEnvironmentVariable(ConsoleLogging.LevelVariable)))
            {
                builder.SetMinimumLevel(LogLevel.Error); // the demo speaks through its progress and summary
            }
        });

        var time = context.Time;
        var fleet = DemoFleet.Create(settings, notes);
        var start = time.GetUtcNow();
        var genesis = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds());
        var brokerPort = Ports.Pick(settings.BrokerPort, "coordinator broker", notes);
        var options = new CoordinatorOptions
        {
            DataFolder = settings.DataFolder,
            Broker = new CentralBrokerOptions { BindAddress = "127.0.0.1", Port = brokerPort },
            Epochs = new EpochPolicy { Genesis = genesis, EpochLength = settings.Duration },
            Settlement = new EpochSettlementOptions { FirstEpochId = 0 },
            Work = new WorkOptions
            {
                DeviceTaskDeadline = TimeSpan.FromSeconds(8),
                GatewayTaskDeadline = TimeSpan.FromSeconds(15),
                JobDeadline = settings.Duration * 2,
                TrustAfter = 3,
                SpotCheckRate = 0.25,
                Seed = settings.Seed,
            },
            PumpInterval = TimeSpan.FromMilliseconds(200),
            EpochCheckInterval = TimeSpan.FromSeconds(1),
        };
        await using var coordinator = new CoordinatorNode(options, FleetRegistry.Load(Path.Combine(fleet.Folder, "coordinator.json")), time, loggers);
        await coordinator.StartAsync(cancellationToken).ConfigureAwait(false);
        var httpPort = Ports.Pick(settings.HttpPort, "coordinator HTTP API", notes);
        await using var api = await CoordinatorApiHost.StartAsync(coordinator, IPAddress.Loopback, httpPort, null, time, loggers, cancellationToken)
            .ConfigureAwait(false);
        await output.LineAsync($"coordinator: broker mqtt://127.0.0.1:{brokerPort}, API http://127.0.0.1:{httpPort}/api/stats (jobs, nodes, telemetry, epochs) while the demo runs")
            .ConfigureAwait(false);
        await output.LineAsync($"dashboard: http://127.0.0.1:{httpPort}/ (fleet, jobs, epochs, telemetry, ledger){(settings.Keep ? "; --keep: it stays up after the summary until Ctrl+C" : " while the demo runs; --keep keeps it up")}")
            .ConfigureAwait(false);
        var funded = await coordinator.Stores.Ledger.AppendAsync(
            [Deposits.Credit(Deposits.KeyFor($"demo-{settings.Seed}"), AccountId.Owner(fleet.Researcher), 100 * DemoJobs.Fee, 0, "demo researcher's budget")],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!funded.IsSuccess)
        {
            throw CommandFailedException.Failure($"could not fund the researcher: {funded.ReasonCode}");
        }

        var gateways = new List<GatewayNode>();
        try
        {
            foreach (var (file, index) in fleet.Fleet.Gateways.Select((g, i) => (g, i)))
            {
                var gatewayOptions = new GatewayOptions
                {
                    GatewayFile = Path.Combine(fleet.Folder, "gateways", $"{file.GatewayId}.json"),
                    DataFolder = Path.Combine(settings.DataFolder, "gateways", file.GatewayId),
                    Geohash = DemoJobs.Region + "bcdefghjkmnpqrstuvwxyz0123456789"[index % 32],
                };
                gatewayOptions.DeviceBroker.BindAddress = "127.0.0.1";
                gatewayOptions.DeviceBroker.Port = fleet.GatewayPorts[index];
                gatewayOptions.Uplink.BrokerUrl = $"mqtt://127.0.0.1:{brokerPort}";
                gatewayOptions.Uplink.ResendTimeout = TimeSpan.FromSeconds(5);
                gatewayOptions.Uplink.BackoffInitial = TimeSpan.FromMilliseconds(200);
                gatewayOptions.Uplink.BackoffMax = TimeSpan.FromSeconds(2);
                gatewayOptions.Batching.MaxAge = TimeSpan.FromMilliseconds(250);
                gatewayOptions.Batching.StatusInterval = TimeSpan.FromSeconds(2);
                gatewayOptions.Wasm.CoordinatorApi = $"http://127.0.0.1:{httpPort}"; // modules and inputs by hash (wasm.blob) come from the API above
                var node = GatewayNode.FromFile(gatewayOptions, time, loggers);
                gateways.Add(node);
                await node.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            await WaitAsync(() => Task.FromResult(coordinator.Nodes.Snapshot().Count(n => n.IsGateway && n.Online) == settings.Gateways), TimeSpan.FromSeconds(20), time, cancellationToken)
                .ConfigureAwait(false);
            foreach (var note in notes)
            {
                await output.LineAsync($"note: {note}").ConfigureAwait(false);
            }

            var simulatorOptions = new FleetSimulatorOptions { Seed = settings.Seed, SampleIntervalMs = 1000, WindowLengthMs = 5000 };
            using var boots = SimulatorStateFile.Open(settings.DataFolder, fleet.Fleet.Devices, fleet.Fleet.Devices);
            await using var simulator = FleetSimulator.FromDeviceFiles(fleet.Fleet.Devices, simulatorOptions, fleet.Plan, time, loggers, boots);
            // The devices run until the duration has passed and every job has finished (tasks still out when devices stop
            // could never be answered), or at most a second duration (the jobs' deadline is twice the duration).
            using var stopDevices = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var simulation = simulator.RunAsync(Timeout.InfiniteTimeSpan, stopDevices.Token);
            await WaitAsync(() => Task.FromResult(coordinator.Nodes.Snapshot().Count(n => !n.IsGateway && n.Online) >= settings.Devices * 3 / 4), TimeSpan.FromSeconds(15), time, cancellationToken)
                .ConfigureAwait(false);

            var jobs = new List<string>();
            var problems = new List<string>();
            var mandelbrot = ExampleModules.Load("mandelbrot");
            foreach (var spec in DemoJobs.AtStart(settings.Seed, mandelbrot))
            {
                await SubmitAsync(coordinator.Work, spec, fleet.Researcher, jobs, problems, cancellationToken).ConfigureAwait(false);
            }

            var querySubmitted = false;
            var progress = new DemoProgress(output, coordinator, jobs);
            while (!simulation.IsCompleted && await DevicesNeededAsync(time.GetUtcNow() - start, settings.Duration, coordinator, jobs, cancellationToken).ConfigureAwait(false))
            {
                await Task.WhenAny(simulation, Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken)).ConfigureAwait(false);
                if (!querySubmitted && time.GetUtcNow() - start >= settings.Duration / 2)
                {
                    querySubmitted = true;
                    var query = DemoJobs.SensorQuery(ExampleModules.Load("sum-windows"), genesis.AddMinutes(-1), genesis + (settings.Duration * 2));
                    await SubmitAsync(coordinator.Work, query, fleet.Researcher, jobs, problems, cancellationToken).ConfigureAwait(false);
                }

                await progress.ShowAsync(time.GetUtcNow() - start, settings.Duration, cancellationToken).ConfigureAwait(false);
            }

            await stopDevices.CancelAsync().ConfigureAwait(false);
            var simulated = await simulation.ConfigureAwait(false);
            await progress.DoneAsync().ConfigureAwait(false);

            // Let the gateways deliver what they hold and the last results be verified.
            await WaitAsync(() => Task.FromResult(gateways.All(g => g.Outbox.PendingItems == 0 && g.Outbox.UnackedBatches == 0)), TimeSpan.FromSeconds(20), time, cancellationToken)
                .ConfigureAwait(false);
            await WaitAsync(async () => await RunningAsync(coordinator, jobs, cancellationToken).ConfigureAwait(false) == 0, TimeSpan.FromSeconds(5), time, cancellationToken)
                .ConfigureAwait(false);
            var epochEnd = coordinator.EpochClock.Window(0).End;
            if (time.GetUtcNow() < epochEnd)
            {
                await Task.Delay(epochEnd - time.GetUtcNow(), time, cancellationToken).ConfigureAwait(false);
            }

            await coordinator.CloseDueEpochsAsync(cancellationToken).ConfigureAwait(false);
            if (settings.BeforeSummary is { } hook)
            {
                await hook(coordinator, cancellationToken).ConfigureAwait(false);
            }

            var report = await DemoSummary.BuildAsync(settings, fleet, coordinator, jobs, simulated, problems, cancellationToken).ConfigureAwait(false);
            await output.SummaryAsync(report).ConfigureAwait(false);
            if (settings.Keep)
            {
                // The summary is final; from here the network just runs (devices again, new epochs closing every duration) for a look in the browser.
                await context.Error.WriteLineAsync($"dashboard: http://127.0.0.1:{httpPort}/ — the network keeps running (devices, gateways, coordinator, an epoch every {settings.Duration.TotalSeconds:0} s); press Ctrl+C to stop")
                    .ConfigureAwait(false);
            }

            if (settings.Json)
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
            }

            if (settings.Keep)
            {
                await using var kept = FleetSimulator.FromDeviceFiles(fleet.Fleet.Devices, simulatorOptions, fleet.Plan, time, loggers, boots);
                try
                {
                    await kept.RunAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: the normal end of a kept demo
                }
            }

            return report.Healthy ? ExitCodes.Ok : ExitCodes.Failure;
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task SubmitAsync(WorkUseCases work, JobSpec spec, string submitter, List<string> jobs, List<string> problems, CancellationToken cancellationToken)
    {
        var submitted = await work.Intake.SubmitAsync(new JobSubmission(spec, submitter, DemoJobs.Fee), cancellationToken).ConfigureAwait(false);
        if (submitted.IsAccepted)
        {
            jobs.Add(submitted.JobId!);
        }
        else
        {
            problems.Add($"{spec.Kind} job refused: {submitted.Reason} {submitted.Detail}");
        }
    }

    private static async Task<bool> DevicesNeededAsync(TimeSpan elapsed, TimeSpan duration, CoordinatorNode coordinator, List<string> jobs, CancellationToken cancellationToken) =>
        elapsed < duration || (elapsed < duration * 2 && await RunningAsync(coordinator, jobs, cancellationToken).ConfigureAwait(false) > 0);

    private static async Task<int> RunningAsync(CoordinatorNode coordinator, List<string> jobs, CancellationToken cancellationToken)
    {
        var running = 0;
        foreach (var id in jobs)
        {
            if (await coordinator.Stores.Work.FindJobAsync(id, cancellationToken).ConfigureAwait(false) is { Status: global::EdgeCompute.Coordinator.Domain.Work.JobStatus.Running })
            {
                running++;
            }
        }

        return running;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + limit;
        while (!await condition().ConfigureAwait(false) && time.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes what an earlier demo left in the folder (only the demo's own files), so every run starts from an empty network.</summary>
    private static void PrepareDataFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { CoordinatorStores.SqliteFiles.Ledger, CoordinatorStores.SqliteFiles.Telemetry, CoordinatorStores.SqliteFiles.Work })
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(folder, name + suffix));
            }
        }

        foreach (var sub in new[] { "gateways", "fleet", SimulatorStateFile.FolderName })
        {
            var path = Path.Combine(folder, sub);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
