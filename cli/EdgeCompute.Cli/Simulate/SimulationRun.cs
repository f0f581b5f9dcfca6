using System.Globalization;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Simulate;

/// <summary>Picks the devices, runs the fleet simulator until the duration ends or the command is cancelled, and prints the totals.</summary>
internal static class SimulationRun
{
    /// <summary>
    /// How many threads sample the devices unless <c>--tick-threads</c> says otherwise: sampling never waits for the broker
    /// (publishing is asynchronous and holds no thread), so two keep 10,000 devices' schedule.
    /// </summary>
    public const int DefaultTickThreads = 2;

    /// <summary>The devices' MQTT keep-alive unless <c>--keep-alive</c> says otherwise.</summary>
    public const int DefaultKeepAliveSeconds = 30;

    /// <summary>Each device's ring unless <c>--ring-bytes</c> says otherwise: a board's default.</summary>
    public const int DefaultRingBytes = 16384;

    /// <summary>
    /// The files a simulation opens besides one socket per device: the runtime's own, the logs, the boot-state file, and
    /// sockets that are closing while their device reconnects.
    /// </summary>
    public const int OpenFilesBesidesDevices = 64;

    /// <summary>Runs the simulation.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="context">Output, logging and the clock.</param>
    /// <param name="cancellationToken">Stops the simulation early (the totals are still printed).</param>
    /// <returns>0, or 1 when no device ever reached the broker.</returns>
    public static async Task<int> RunAsync(SimulationRequest request, CliContext context, CancellationToken cancellationToken)
    {
        if (request.Shares.Lazy + request.Shares.Cheaters > 1)
        {
            throw CommandFailedException.Usage("--lazy and --cheaters together must not exceed 1");
        }

        if (request.Mqtt311 && request.Shares.Flaky > 0)
        {
            throw CommandFailedException.Usage("--flaky needs MQTT 5 (a dropped link asks the broker for the will); leave out --mqtt 3.1.1");
        }

        if (request.WindowSeconds * request.SampleRateHz < 1)
        {
            throw CommandFailedException.Usage("--window must hold at least one sample: --window × --rate must be at least 1");
        }

        if (request.CaFile is not null && request.Broker?.UsesTls != true)
        {
            throw CommandFailedException.Usage($"--ca needs --broker mqtts://, not {request.Broker?.Url ?? "each device's own gateway"}");
        }

        var trust = request.CaFile is null ? null : TlsFileOptions.ReadTrust(request.CaFile);
        var all = FleetFolder.Open(request.FleetFolder).ReadDevices();
        var files = SelectDevices(all, request);
        RefuseMoreDevicesThanOpenFiles(files.Count, context);
        using var state = OpenState(request.DataFolder, all, files);
        using var frameAcks = OpenFrameLog(request.FrameLog);
        var options = new FleetSimulatorOptions
        {
            Seed = request.Seed,
            BrokerHost = request.Broker?.Host,
            BrokerPort = request.Broker?.Port,
            TickConcurrency = request.TickThreads,
            RingCapacityBytes = request.RingBytes,
            SampleIntervalMs = Math.Max(1, (int)Math.Round(1000 / request.SampleRateHz)),
            WindowLengthMs = (int)Math.Round(request.WindowSeconds * 1000),
        };
        options.Transport.UseTls = request.Broker?.UsesTls == true;
        options.Transport.KeepAlive = TimeSpan.FromSeconds(request.KeepAliveSeconds);
        options.Transport.Mqtt311 = request.Mqtt311;
        options.Transport.TrustedCa = trust;
        options.Transport.TrustSource = request.CaFile is null ? null : $"the CA in {request.CaFile.FullName}";
        var plan = new SimulationPlan
        {
            LazyFraction = request.Shares.Lazy,
            CheaterFraction = request.Shares.Cheaters,
            FlakyLinkFraction = request.Shares.Flaky,
            RebootFraction = request.Shares.Reboots,
        };
        using var loggerFactory = LoggerFactory.Create(context.ConfigureLogging);
        var target = request.Broker?.Url ?? Gateways(files);
        var fleet = FleetSimulator.FromDeviceFiles(files, options, plan, context.Time, loggerFactory, state, frameAcks);
        await using (fleet.ConfigureAwait(false))
        {
            var scope = request.GatewayId is null ? "every gateway" : $"gateway {request.GatewayId}";
            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Simulating {files.Count} devices of {scope} against {target}: seed {fleet.Seed}, a sample every {options.SampleIntervalMs} ms, {request.WindowSeconds} s windows, {(request.DurationSeconds is { } d ? $"for {d} s" : "until Ctrl+C")}; boot counters in {state.Path}.")).ConfigureAwait(false);
            var started = context.Time.GetTimestamp();
            SimulationReport report;
            using var watchEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = BrokerReachWatch.RunAsync(fleet, target, context, watchEnd.Token);
            try
            {
                await fleet.StartAsync(cancellationToken).ConfigureAwait(false);
                if (ConnectFailures.Permanent(fleet) is { } refused)
                {
                    // Every device's first attempt failed for a reason retrying cannot fix (a certificate, TLS on one side only).
                    throw CommandFailedException.Failure($"--broker {target}: no device could connect: {refused}");
                }

                var duration = request.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
                report = await fleet.RunAsync(duration, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                report = fleet.GetReport(); // stopped while the devices were still connecting
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !fleet.IsStarted)
            {
                throw CommandFailedException.Failure($"--data: cannot record the devices' boots in {state.Path}: {e.Message}");
            }
            finally
            {
                await watchEnd.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            var summary = SimulationSummary.From(report, context.Time.GetElapsedTime(started).TotalSeconds, fleet.TickErrors, fleet.Schedule);
            var reachedBroker = summary.FramesSent > 0 || fleet.Devices.Any(device => device.Link.IsConnected);
            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Seed {summary.Seed}: {summary.Devices} devices, {summary.ReadingsSent} of {summary.ReadingsProduced} readings sent, {summary.ResultsSent} results sent, {summary.TasksReceived} tasks received, {summary.ConnectAttempts} connect attempts.")).ConfigureAwait(false);
            frameAcks?.Dispose(); // flushed before the totals' last line, so a harness reading it after the exit finds it whole
            if (frameAcks?.Failure is { } failure)
            {
                await context.Error.WriteLineAsync($"error: --frame-log {request.FrameLog!.FullName}: stopped after {frameAcks.Frames} frames: {failure}").ConfigureAwait(false);
            }

            if (!reachedBroker)
            {
                var cause = ConnectFailures.Last(fleet) is { } last ? $": {last}" : "; is the gateway running, and is it this fleet's?";
                await context.Error.WriteLineAsync($"error: no device reached the broker at {target} (--broker){cause}").ConfigureAwait(false);
            }

            if (request.Json)
            {
                await context.Out.WriteLineAsync(summary.ToJson()).ConfigureAwait(false);
            }

            return reachedBroker ? ExitCodes.Ok : ExitCodes.Failure;
        }
    }

    // Each device holds a socket: past the open-files limit, connects fail one by one and the runtime may abort the
    // process ("Out of memory." when a thread cannot be started), so the run is refused before it starts.
    private static void RefuseMoreDevicesThanOpenFiles(int devices, CliContext context)
    {
        if (context.ReadOpenFiles() is not { } files || devices + OpenFilesBesidesDevices <= files.Free)
        {
            return;
        }

        var need = devices + files.Open + OpenFilesBesidesDevices;
        throw CommandFailedException.Failure(string.Create(
            CultureInfo.InvariantCulture,
            $"{devices} devices need about {need} open files (a socket each), and this process may open {files.Limit}: raise the limit (ulimit -n {need}) or simulate fewer devices (--devices, --gateway)"));
    }

    // Each device's own gateway: the distinct brokers of the device files, abbreviated.
    private static string Gateways(IReadOnlyList<DeviceFile> files)
    {
        var brokers = files.Select(d => $"mqtt://{d.GatewayHost}:{d.GatewayPort}").Distinct(StringComparer.Ordinal).ToArray();
        return brokers.Length == 1 ? brokers[0] : $"their own gateways ({IdList.Abbreviate(brokers)})";
    }

    private static FrameAckLog? OpenFrameLog(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return new FrameAckLog(new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Failure($"--frame-log {file.FullName}: cannot write it: {e.Message}");
        }
    }

    private static SimulatorStateFile OpenState(string dataFolder, IReadOnlyList<DeviceFile> fleet, IReadOnlyList<DeviceFile> simulated)
    {
        try
        {
            return SimulatorStateFile.Open(dataFolder, fleet, simulated);
        }
        catch (SimulatorStateLockedException e)
        {
            throw CommandFailedException.Failure(e.Message);
        }
        catch (InvalidDataException e)
        {
            throw CommandFailedException.Configuration($"--data: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Failure($"--data {dataFolder}: cannot keep the devices' state there: {e.Message}");
        }
    }

    private static IReadOnlyList<DeviceFile> SelectDevices(IReadOnlyList<DeviceFile> fleet, SimulationRequest request)
    {
        var files = fleet;
        if (request.GatewayId is { } gatewayId)
        {
            var all = files;
            files = [.. all.Where(d => d.GatewayId == gatewayId)];
            if (files.Count == 0)
            {
                var gateways = all.Select(d => d.GatewayId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                throw CommandFailedException.Configuration($"--gateway {gatewayId}: no device of this fleet attaches to it (gateways with devices: {IdList.Abbreviate(gateways)})");
            }
        }

        if (request.DeviceLimit is { } limit)
        {
            if (limit > files.Count)
            {
                throw CommandFailedException.Configuration($"--devices {limit}: the fleet has only {files.Count} devices{(request.GatewayId is null ? "" : $" on gateway {request.GatewayId}")}");
            }

            files = [.. files.Take(limit)];
        }

        return files;
    }
}
