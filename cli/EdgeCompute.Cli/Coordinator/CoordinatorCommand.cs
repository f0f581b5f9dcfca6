using System.CommandLine;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Coordinator.Domain.Epochs;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>
/// <c>edgecompute coordinator</c>: the coordinator service host (coordinator/EdgeCompute.Coordinator.Service) in the foreground, set up
/// from flags (broker or external broker, stores, scheduler, epochs, HTTP API), until Ctrl+C.
/// </summary>
internal static class CoordinatorCommand
{
    /// <summary>Where the embedded broker listens: <c>mqtt://</c> (default port 1883) or <c>mqtts://</c> (8883, with <c>--tls-cert</c> and <c>--tls-key</c>) with an IP address.</summary>
    public static EndpointRule BrokerListen { get; } = new([("mqtt", 1883), ("mqtts", 8883)], RequireIpAddress: true);

    /// <summary>An external broker to take batches from: <c>mqtt://</c> (default port 1883) or <c>mqtts://</c> (8883, with <c>--ca</c> for a private CA).</summary>
    public static EndpointRule ExternalBroker { get; } = new([("mqtt", 1883), ("mqtts", 8883)]);

    /// <summary>Where the HTTP API listens: <c>http://</c> (default port 8080) or <c>https://</c> (8443, with <c>--tls-cert</c> and <c>--tls-key</c>) with an IP address.</summary>
    public static EndpointRule HttpListen { get; } = new([("http", 8080), ("https", 8443)], RequireIpAddress: true);

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder; only its coordinator.json is read (owners and tokens, gateways, devices, the coordinator key).", HelpName = "DIR", Required = true };
        var store = StoreOptions.Create("The folder of the SQLite files (ledger.db, telemetry.db, work.db; created if needed).");
        var listen = EndpointOption.Create("--listen", BrokerListen, "Where the embedded central broker listens, mqtt:// or mqtts:// with --tls-cert and --tls-key [default: mqtt://127.0.0.1:1883; 0.0.0.0 for gateways on the network]");
        var broker = EndpointOption.Create("--broker", ExternalBroker, "An external broker (Mosquitto configured by 'provision mosquitto', EMQX) to take batches from instead of embedding one; mqtts:// for TLS.");
        var ca = new Option<FileInfo>("--ca")
        {
            Description = "The fleet's CA certificate (PEM; ca.pem from 'provision tls'): with --broker mqtts:// the external broker's certificate must chain to it " +
                "[default: the system's trusted roots]; with --listen mqtts:// every gateway must present a client certificate from it whose CN is its gateway id.",
            HelpName = "FILE",
        };
        var tlsCert = TlsFileOptions.File("--tls-cert", "The server certificate (PEM; server.pem from 'provision tls') of --listen mqtts:// and --http https://; its names must include the addresses gateways and API clients connect to.");
        var tlsKey = TlsFileOptions.File("--tls-key", "The server certificate's private key (PEM; server-key.pem).");
        var brokerUser = new Option<string>("--broker-user") { Description = "The coordinator's user on --broker.", HelpName = "U", DefaultValueFactory = _ => "coordinator" };
        var brokerPasswordFile = new Option<FileInfo>("--broker-password-file")
        {
            Description = $"A file holding the coordinator's password on --broker; else {Provision.CoordinatorBrokerPassword.EnvironmentVariable}.",
            HelpName = "F",
        };
        var http = EndpointOption.Create("--http", HttpListen, "Where the HTTP API listens, http:// or https:// with --tls-cert and --tls-key [default: http://127.0.0.1:8080]");
        var operatorToken = new Option<FileInfo>("--operator-token-file")
        {
            Description = $"A file holding the API's operator token (for POST /api/deposits; 32 characters or more); else {EdgeCompute.Coordinator.Service.CoordinatorServiceOptions.OperatorTokenVariable}; else deposits go through 'ledger deposit' only.",
            HelpName = "F",
        };
        var policy = new EpochPolicy();
        var epochLength = Durations.Create("--epoch-length", "How long an epoch lasts; each ended epoch is closed and paid.", policy.EpochLength, TimeSpan.FromSeconds(1));
        var emission = new Option<long>("--emission") { Description = "Micro-units emitted per epoch, before the epoch's job fees are added.", HelpName = "N", DefaultValueFactory = _ => policy.EmissionPerEpoch };
        emission.Validators.Add(result =>
        {
            if (OptionRanges.TryGetValue(result, out long value) && value < 0)
            {
                result.AddError($"--emission must not be negative, found {value}");
            }
        });
        var command = new Command("coordinator", "Run the coordinator until Ctrl+C: central broker, batch ingest, scheduler, verification, epoch payouts, HTTP API.")
        {
            fleet, store.Data, store.Postgres, listen, broker, ca, tlsCert, tlsKey, brokerUser, brokerPasswordFile, http, operatorToken, epochLength, emission,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            var external = parsed.GetValue(broker);
            if (external is not null && parsed.GetResult(listen) is { Implicit: false })
            {
                throw CommandFailedException.Usage("--listen and --broker exclude each other: --listen runs the embedded broker, --broker uses an external one");
            }

            if (external is null && (parsed.GetResult(brokerUser) is { Implicit: false } || parsed.GetValue(brokerPasswordFile) is not null))
            {
                throw CommandFailedException.Usage("--broker-user and --broker-password-file need --broker (the embedded broker has no coordinator user)");
            }

            var listenAt = parsed.GetValue(listen) ?? new Endpoint("mqtt", "127.0.0.1", 1883);
            var tls = new CoordinatorTlsFiles(parsed.GetValue(ca), parsed.GetValue(tlsCert), parsed.GetValue(tlsKey));
            var httpAt = parsed.GetValue(http) ?? new Endpoint("http", "127.0.0.1", 8080);
            tls.Check(listenAt, external, httpAt);
            return CoordinatorRun.RunAsync(
                new CoordinatorRunRequest(
                    parsed.GetRequiredValue(fleet).FullName,
                    store.Read(parsed),
                    listenAt,
                    external,
                    parsed.GetRequiredValue(brokerUser),
                    parsed.GetValue(brokerPasswordFile)?.FullName,
                    httpAt,
                    parsed.GetValue(operatorToken)?.FullName,
                    parsed.GetValue(epochLength).Value,
                    parsed.GetValue(emission),
                    tls),
                context,
                cancellationToken);
        });
        return command;
    }
}
