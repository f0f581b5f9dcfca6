using System.Globalization;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>
/// The three-process flow of the README, each part a real <c>edgecompute</c> process: a provisioned fleet, a private
/// Mosquitto, a fresh PostgreSQL database, coordinators on that broker and database, gateways on that broker, and
/// simulated devices against each gateway's device broker. Everything started here is killed and removed on disposal.
/// </summary>
internal sealed class ProcessNetwork : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<EdgeComputeProcess> _processes = [];
    private readonly Dictionary<string, int> _devicePorts = new(StringComparer.Ordinal);

    private ProcessNetwork(WorkFolder work, string fleet, PrivateMosquitto broker, TestDatabase database)
    {
        Work = work;
        Fleet = fleet;
        Broker = broker;
        Database = database;
    }

    public WorkFolder Work { get; }

    public string Fleet { get; }

    public PrivateMosquitto Broker { get; }

    public TestDatabase Database { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<ProcessNetwork> StartAsync(int devices, int gateways, int owners = 2, bool tls = false)
    {
        var database = await TestDatabase.CreateAsync();
        var work = new WorkFolder();
        var fleet = work["fleet"];
        await using (var provision = EdgeComputeProcess.Start("provision fleet", ["provision", "fleet", "--devices", $"{devices}", "--gateways", $"{gateways}",
            "--owners", $"{owners}", "--out", fleet]))
        {
            Assert.True(await provision.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, provision.Tail());
        }

        var broker = await PrivateMosquitto.StartAsync(work, fleet, tls);
        return new ProcessNetwork(work, fleet, broker, database);
    }

    /// <summary>
    /// Starts a coordinator on the network's Mosquitto and database and waits until its API answers. With <paramref name="tlsCa"/>
    /// it reads Mosquitto over the coordinator's TLS listener (<c>--broker mqtts:// --ca</c>; the network must have been started with TLS).
    /// </summary>
    public async Task<CoordinatorProcess> StartCoordinatorAsync(string name = "coordinator", string epochLength = "1h", IReadOnlyDictionary<string, string?>? environment = null,
        int? httpPort = null, string? tlsCa = null)
    {
        var port = httpPort ?? FreePort.Next();
        var process = StartCoordinatorProcess(name, port, epochLength, environment, tlsCa);
        await Poll.UntilAsync(async () => process.HasExited || await CoordinatorStats.TryReadAsync(Http, port) is not null, $"{name}'s API on {port}", StartTimeout,
            () => process.Tail(10));
        Assert.False(process.HasExited, $"{name} exited with {(process.HasExited ? process.ExitCode : 0)}\n{process.Tail()}");
        return new CoordinatorProcess(process, port);
    }

    /// <summary>
    /// Starts a coordinator on the network's database with its own central broker on TLS (<c>--listen mqtts:// --tls-cert --tls-key
    /// --ca</c>: the fleet's server certificate, gateways' client certificates required) and waits until its API answers; the
    /// network must have been started with TLS. Returns the process and the broker's URL.
    /// </summary>
    public async Task<(CoordinatorProcess Coordinator, string BrokerUrl)> StartEmbeddedTlsCoordinatorAsync(string name = "coordinator (TLS broker)")
    {
        var tls = Broker.TlsFolder ?? throw new InvalidOperationException("the network was started without TLS");
        int port = FreePort.Next(), brokerPort = FreePort.Next();
        var brokerUrl = $"mqtts://127.0.0.1:{brokerPort}";
        var process = Track(EdgeComputeProcess.Start(name, ["coordinator", "--fleet", Fleet, "--postgres", Database.ConnectionString, "--listen", brokerUrl,
            "--tls-cert", Path.Combine(tls, "server.pem"), "--tls-key", Path.Combine(tls, "server-key.pem"), "--ca", Path.Combine(tls, "ca.pem"),
            "--http", $"http://127.0.0.1:{port}", "--epoch-length", "1h"]));
        await Poll.UntilAsync(async () => process.HasExited || await CoordinatorStats.TryReadAsync(Http, port) is not null, $"{name}'s API on {port}", StartTimeout,
            () => process.Tail(10));
        Assert.False(process.HasExited, $"{name} exited with {(process.HasExited ? process.ExitCode : 0)}\n{process.Tail()}");
        return (new CoordinatorProcess(process, port), brokerUrl);
    }

    /// <summary>Starts a coordinator process on the network's Mosquitto and database without waiting for it (for a start that must fail); disposed with the network.</summary>
    public EdgeComputeProcess StartCoordinatorProcess(string name, int httpPort, string epochLength = "1h", IReadOnlyDictionary<string, string?>? environment = null, string? tlsCa = null)
    {
        string[] broker = tlsCa is null ? ["--broker", Broker.Url] : ["--broker", $"mqtts://127.0.0.1:{Broker.CoordinatorTlsPort}", "--ca", tlsCa];
        return Track(EdgeComputeProcess.Start(name, ["coordinator", "--fleet", Fleet, "--postgres", Database.ConnectionString, .. broker,
            "--broker-password-file", Broker.CoordinatorPasswordFile, "--http", $"http://127.0.0.1:{httpPort}", "--epoch-length", epochLength], environment));
    }

    /// <summary>Starts gateway <paramref name="id"/> on the network's Mosquitto and waits until its device broker listens.</summary>
    public async Task<EdgeComputeProcess> StartGatewayAsync(string id, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!_devicePorts.TryGetValue(id, out var port))
        {
            _devicePorts[id] = port = FreePort.Next();
        }

        var process = Track(EdgeComputeProcess.Start(id, ["gateway", "--fleet", Fleet, "--id", id, "--broker", Broker.Url, "--listen", $"mqtt://127.0.0.1:{port}",
            "--data", Work[$"data-{id}"]], environment));
        await Poll.UntilAsync(async () => process.HasExited || await FreePort.IsOpenAsync(port), $"{id}'s device broker on {port}", StartTimeout, () => process.Tail(10));
        Assert.False(process.HasExited, $"{id} exited with {(process.HasExited ? process.ExitCode : 0)}\n{process.Tail()}");
        return process;
    }

    /// <summary>The simulators' data folder: every simulation of the network keeps its devices' boot counters in the one state file of the fleet there.</summary>
    public string SimulatorData => Work["simulator-data"];

    /// <summary>Starts simulated devices of <paramref name="gatewayId"/> against its device broker (not awaited).</summary>
    public EdgeComputeProcess StartSimulation(string gatewayId, int seed, double seconds, double rate = 4, double window = 1, string? data = null)
    {
        var port = _devicePorts[gatewayId];
        return Track(EdgeComputeProcess.Start($"simulate {gatewayId}", ["simulate", "--fleet", Fleet, "--broker", $"mqtt://127.0.0.1:{port}", "--gateway", gatewayId,
            "--rate", rate.ToString(CultureInfo.InvariantCulture), "--window", window.ToString(CultureInfo.InvariantCulture),
            "--duration", seconds.ToString(CultureInfo.InvariantCulture), "--seed", $"{seed}", "--data", data ?? SimulatorData, "--json"]));
    }

    /// <summary>
    /// Starts gateway <paramref name="id"/> with TLS on both sides (the network must have been started with TLS): its uplink
    /// to Mosquitto's gateway TLS listener with the fleet CA and its own client certificate, its device broker on
    /// <c>mqtts://</c> with a certificate issued for it by <c>provision tls --server-name {id}-devices --hosts 127.0.0.1</c>.
    /// With <paramref name="brokerUrl"/> its uplink goes there instead (a coordinator's own TLS broker).
    /// </summary>
    public async Task<EdgeComputeProcess> StartTlsGatewayAsync(string id, string? brokerUrl = null)
    {
        var tls = Broker.TlsFolder ?? throw new InvalidOperationException("the network was started without TLS");
        await using (var issue = EdgeComputeProcess.Start($"provision tls {id}-devices", ["provision", "tls", "--fleet", Fleet, "--out", tls, "--server-name", $"{id}-devices", "--hosts", "127.0.0.1"]))
        {
            Assert.True(await issue.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, issue.Tail());
        }

        var port = _devicePorts[id] = FreePort.Next();
        var process = Track(EdgeComputeProcess.Start(id, ["gateway", "--fleet", Fleet, "--id", id, "--broker", brokerUrl ?? Broker.TlsUrl, "--ca", Path.Combine(tls, "ca.pem"),
            "--client-cert", Path.Combine(tls, "gateways", $"{id}.pem"), "--client-key", Path.Combine(tls, "gateways", $"{id}-key.pem"),
            "--listen", $"mqtts://127.0.0.1:{port}", "--tls-cert", Path.Combine(tls, $"{id}-devices.pem"), "--tls-key", Path.Combine(tls, $"{id}-devices-key.pem"),
            "--data", Work[$"data-{id}"]]));
        await Poll.UntilAsync(async () => process.HasExited || await FreePort.IsOpenAsync(port), $"{id}'s TLS device broker on {port}", StartTimeout, () => process.Tail(10));
        Assert.False(process.HasExited, $"{id} exited with {(process.HasExited ? process.ExitCode : 0)}\n{process.Tail()}");
        return process;
    }

    /// <summary>Starts simulated devices of <paramref name="gatewayId"/> against its TLS device broker, trusting the fleet CA (not awaited).</summary>
    public EdgeComputeProcess StartTlsSimulation(string gatewayId, int seed, double seconds, double rate = 4, double window = 1)
    {
        var port = _devicePorts[gatewayId];
        return Track(EdgeComputeProcess.Start($"simulate {gatewayId} (TLS)", ["simulate", "--fleet", Fleet, "--broker", $"mqtts://127.0.0.1:{port}",
            "--ca", Path.Combine(Broker.TlsFolder!, "ca.pem"), "--gateway", gatewayId,
            "--rate", rate.ToString(CultureInfo.InvariantCulture), "--window", window.ToString(CultureInfo.InvariantCulture),
            "--duration", seconds.ToString(CultureInfo.InvariantCulture), "--seed", $"{seed}", "--data", SimulatorData, "--json"]));
    }

    /// <summary>Waits for a simulation to finish and reads its totals.</summary>
    public static async Task<SimulationTotals> TotalsOfAsync(EdgeComputeProcess simulation, TimeSpan timeout)
    {
        var code = await simulation.WaitForExitAsync(timeout);
        Assert.True(code == 0, $"{simulation.Name} exited with {code}\n{simulation.Tail()}");
        var totals = SimulationTotals.Parse(simulation.Out[^1]);
        TestLog.Line($"[{simulation.Name}] seed {totals.Seed}: {totals.Devices} devices sent {totals.ReadingsSent} readings in {totals.FramesSent} frames, " +
            $"{totals.ResultsSent} results, {totals.ConnectAttempts} connect attempts, {totals.Disconnects} disconnects");
        return totals;
    }

    /// <summary>The API token of <paramref name="owner"/>, read from the fleet's coordinator file.</summary>
    public string OwnerToken(string owner)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Fleet, "coordinator.json")));
        return document.RootElement.GetProperty("owners").EnumerateArray().Single(o => o.GetProperty("id").GetString() == owner).GetProperty("apiToken").GetString()!;
    }

    /// <summary>Runs <c>edgecompute ledger verify --json</c> on the network's database: the exit code and its JSON.</summary>
    public async Task<(int ExitCode, string Json)> VerifyLedgerAsync()
    {
        await using var verify = EdgeComputeProcess.Start("ledger verify", ["ledger", "verify", "--fleet", Fleet, "--postgres", Database.ConnectionString, "--json"]);
        var code = await verify.WaitForExitAsync(TimeSpan.FromSeconds(120));
        var json = verify.Out.Count > 0 ? verify.Out[^1] : verify.Tail();
        TestLog.Line($"[ledger verify] exit {code}: {json}");
        return (code, json);
    }

    /// <summary>The last lines of every process, for a failure message.</summary>
    public string Tails(int lines = 25) => string.Join('\n', _processes.Select(p => p.Tail(lines)));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Broker.DisposeAsync();
        Http.Dispose();
        await Database.DisposeAsync();
        Work.Dispose();
    }

    private EdgeComputeProcess Track(EdgeComputeProcess process)
    {
        _processes.Add(process);
        return process;
    }
}

/// <summary>A running coordinator process and its API port.</summary>
internal sealed record CoordinatorProcess(EdgeComputeProcess Process, int HttpPort);
