using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Integration.Tests.Harness;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// Mosquitto's TLS listeners as scripts/test.sh starts them from <c>provision tls</c> and <c>provision mosquitto --tls</c>.
/// On the gateways' listener a client certificate from the fleet CA is required and its CN is the user name the ACL
/// names, so a gateway presenting another gateway's certificate is taken for that gateway: its own topics are refused
/// and it reads nothing of its own. Every other refusal is made with certificates made in the test and described in one
/// line by the client.
/// </summary>
public sealed class MosquittoTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_gateway_with_its_own_certificate_publishes_on_its_own_topics_only()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        using var gateway = await ConnectAsync(tls, tls.GatewayPort, Certificate(tls, "gw-01"));

        var own = await gateway.PublishAsync(Message(ProtocolTopics.Gateway("gw-01", GatewayTopicKind.Up)), TestContext.Current.CancellationToken);
        var other = await gateway.PublishAsync(Message(ProtocolTopics.Gateway("gw-02", GatewayTopicKind.Up)), TestContext.Current.CancellationToken);

        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, other.ReasonCode);
    }

    [Fact]
    public async Task A_gateway_presenting_another_gateways_certificate_is_taken_for_it_and_refused_its_own_topics()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToByteArray();
        var atImpostor = new ConcurrentQueue<string>();
        using var impostor = await ConnectAsync(tls, tls.GatewayPort, Certificate(tls, "gw-02"));
        impostor.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Payload.ToArray().AsSpan().StartsWith(tag)) atImpostor.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await impostor.SubscribeAsync(ProtocolTopics.Gateway("gw-01", GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, ct);
        await impostor.SubscribeAsync(ProtocolTopics.Gateway("gw-02", GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, ct);

        var asGw01 = await impostor.PublishAsync(Message(ProtocolTopics.Gateway("gw-01", GatewayTopicKind.Up)), ct);
        var (user, password) = ServiceEnvironment.RequireMosquittoCoordinator();
        using var coordinator = await ConnectAsync(tls, tls.CoordinatorPort, null, user, password);
        await coordinator.PublishAsync(Message(ProtocolTopics.Gateway("gw-01", GatewayTopicKind.Ack), tag), ct);
        await coordinator.PublishAsync(Message(ProtocolTopics.Gateway("gw-02", GatewayTopicKind.Ack), tag), ct);
        await Eventually.TrueAsync(() => atImpostor.Contains(ProtocolTopics.Gateway("gw-02", GatewayTopicKind.Ack)), "gw-02's ack at the holder of gw-02's certificate", Timeout);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, asGw01.ReasonCode);
        Assert.Equal([ProtocolTopics.Gateway("gw-02", GatewayTopicKind.Ack)], atImpostor.ToArray());
    }

    [Fact]
    public async Task The_uplink_of_a_gateway_with_another_gateways_certificate_says_in_one_line_that_the_broker_refused_it()
    {
        var (tls, fleet) = (ServiceEnvironment.RequireMosquittoTls(), ServiceEnvironment.RequireTestFleet());
        var gateway = fleet.Gateways.Single(g => g.GatewayId == "gw-01");
        var folder = Directory.CreateTempSubdirectory("ec-it-uplink-tls-").FullName;
        try
        {
            var options = new GatewayOptions { DataFolder = folder };
            options.Uplink.BrokerUrl = $"mqtts://{tls.Host}:{tls.GatewayPort}";
            options.Uplink.CaFile = tls.Ca;
            options.Uplink.ClientCertificateFile = tls.GatewayCertificate("gw-02");
            options.Uplink.ClientKeyFile = tls.GatewayKey("gw-02");
            Assert.NotNull(GatewayTlsValidator.CheckOwner(options, "gw-01")); // the gateway itself refuses to start so; this test skips that check
            var log = new LineLog();
            using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
            await using var outbox = OutboxStore.Open(Path.Combine(folder, "outbox.db"), options.Outbox);
            await using var uplink = new UplinkClient(options, gateway, outbox, [], logger: loggers.CreateLogger<UplinkClient>());
            uplink.Start();

            await Eventually.TrueAsync(() => log.Lines.Any(l => l.Contains("Central broker refused a publish", StringComparison.Ordinal)), "the refused publish said", Timeout);

            var line = Assert.Single(log.Lines, l => l.Contains("Central broker refused a publish", StringComparison.Ordinal));
            Assert.Contains("on ec/v1/g/gw-01/birth: NotAuthorized", line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_gateway_without_a_client_certificate_is_refused_in_the_handshake()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();

        var refusal = await RefusedAsync(tls, tls.GatewayPort, null);

        Assert.Equal(TlsRefusalReason.PeerAborted, refusal.Reason);
        Assert.Contains("(--client-cert)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_gateway_certificate_is_refused_in_the_handshake()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        using var ca = FleetCertificateAuthority.Load(File.ReadAllText(tls.Ca), File.ReadAllText(Path.Combine(tls.Folder, "ca-key.pem")));
        var now = DateTimeOffset.UtcNow;
        using var expired = ca.IssueClient("gw-01", new CertificateLifetime(ca.Certificate.NotBefore.ToUniversalTime(), now.AddSeconds(-1)));

        var refusal = await RefusedAsync(tls, tls.GatewayPort, expired.WithKey());

        // TLS 1.3: whether the client still reads Mosquitto's alert ("certificate expired") or only the reset depends on timing
        Assert.Equal(TlsRefusalReason.PeerAborted, refusal.Reason);
        Assert.Contains("--client-cert", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_certificate_of_another_ca_is_refused_in_the_handshake()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        using var other = FleetCertificateAuthority.Create("another fleet's CA", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1));
        using var foreign = other.IssueClient("gw-01", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1));

        var refusal = await RefusedAsync(tls, tls.GatewayPort, foreign.WithKey());

        Assert.Equal(TlsRefusalReason.PeerAborted, refusal.Reason);
        Assert.Contains("--client-cert", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_trusting_another_ca_refuses_mosquitto()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        using var other = FleetCertificateAuthority.Create("another fleet's CA", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1));

        var refusal = await RefusedAsync(tls, tls.GatewayPort, Certificate(tls, "gw-01"), trust: [other.Certificate]);

        Assert.Equal(TlsRefusalReason.UntrustedIssuer, refusal.Reason);
        Assert.Contains("is not signed by the test's CA", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_expects_another_host_name_refuses_mosquitto()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();

        var refusal = await RefusedAsync(tls, tls.GatewayPort, Certificate(tls, "gw-01"), host: "broker.example");

        Assert.Equal(TlsRefusalReason.NameMismatch, refusal.Reason);
        Assert.Contains("is for IP:127.0.0.1", refusal.Message.Replace("DNS:localhost, ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("not broker.example", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_client_on_the_tls_port_is_hung_up_on()
    {
        var tls = ServiceEnvironment.RequireMosquittoTls();
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer(tls.Host, tls.GatewayPort).WithClientId("it-tls-" + Guid.NewGuid().ToString("N")[..10])
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10)).Build();

        var error = await Assert.ThrowsAnyAsync<MQTTnet.Exceptions.MqttCommunicationException>(() => client.ConnectAsync(options, TestContext.Current.CancellationToken));

        Assert.False(client.IsConnected);
        TestLog.Line($"plain client on the TLS port: {error.Message}; described as: {TlsClientFailure.PlainClientHungUp($"{tls.Host}:{tls.GatewayPort}").Message}");
    }

    private static X509Certificate2 Certificate(MosquittoTls tls, string gatewayId) => TlsFiles.ReadCertificateWithKey(tls.GatewayCertificate(gatewayId), tls.GatewayKey(gatewayId));

    private static MqttApplicationMessage Message(string topic, byte[]? payload = null) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload ?? [1]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static MqttClientOptions Options(MosquittoTls tls, int port, X509Certificate2? certificate, ServerCertificateCheck check, string? user, string? password)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer(tls.Host, port).WithClientId("it-tls-" + Guid.NewGuid().ToString("N")[..10])
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(check.Host).WithCertificateValidationHandler(e => check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors));
                if (certificate is not null) o.WithClientCertificates([certificate]);
            });
        if (user is not null) builder = builder.WithCredentials(user, password);
        return builder.Build();
    }

    private static async Task<IMqttClient> ConnectAsync(MosquittoTls tls, int port, X509Certificate2? certificate, string? user = null, string? password = null)
    {
        var check = new ServerCertificateCheck(tls.Host, port, TlsFiles.ReadTrust(tls.Ca), "the fleet CA");
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(tls, port, certificate, check, user, password), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task<TlsRefusal> RefusedAsync(MosquittoTls tls, int port, X509Certificate2? certificate, X509Certificate2Collection? trust = null, string? host = null)
    {
        var check = new ServerCertificateCheck(host ?? tls.Host, port, trust ?? TlsFiles.ReadTrust(tls.Ca), trust is null ? "the fleet CA" : "the test's CA");
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = Options(tls, port, certificate, check, null, null);
        var error = await Assert.ThrowsAnyAsync<MQTTnet.Exceptions.MqttCommunicationException>(() => client.ConnectAsync(options, TestContext.Current.CancellationToken));
        var refusal = TlsClientFailure.Describe(error, check);
        Assert.True(refusal is not null, $"not described: {error}");
        Assert.DoesNotContain('\n', refusal.Message);
        TestLog.Line($"refused: {refusal.Message}");
        return refusal;
    }

    /// <summary>Keeps every log line at information and above.</summary>
    private sealed class LineLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
