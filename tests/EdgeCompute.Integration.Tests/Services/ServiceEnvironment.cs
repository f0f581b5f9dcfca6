namespace EdgeCompute.Integration.Tests.Services;

/// <summary>
/// The real services that scripts/test.sh starts on loopback and exports to the tests. A test that needs a
/// service it cannot find is skipped, unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c> (the test command sets it),
/// in which case it fails: CI never passes by skipping.
/// </summary>
internal static class ServiceEnvironment
{
    public static bool ServicesRequired => Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1";

    public static MosquittoEndpoint RequireMosquitto()
    {
        var host = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_HOST");
        var port = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_PORT");
        if (string.IsNullOrEmpty(host) || !int.TryParse(port, out var p))
            Missing("Mosquitto (EDGECOMPUTE_MQTT_HOST/EDGECOMPUTE_MQTT_PORT)");
        return new MosquittoEndpoint(host!, int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture),
            Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_USER") ?? "",
            Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_PASSWORD") ?? "");
    }

    /// <summary>The coordinator's own Mosquitto user from <c>edgecompute provision mosquitto</c> (reads every <c>up</c>, writes every <c>ack</c>/<c>task</c>).</summary>
    public static (string User, string Password) RequireMosquittoCoordinator()
    {
        var user = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_COORDINATOR_USER");
        var file = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(file) || !File.Exists(file))
            Missing("Mosquitto's coordinator user (EDGECOMPUTE_MQTT_COORDINATOR_USER/EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE)");
        return (user!, File.ReadAllText(file!).TrimEnd('\r', '\n'));
    }

    /// <summary>The fleet scripts/test.sh provisioned with the built CLI; Mosquitto's password and ACL files were made from it.</summary>
    public static TestFleet RequireTestFleet()
    {
        var folder = Environment.GetEnvironmentVariable("EDGECOMPUTE_TEST_FLEET");
        if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "coordinator.json")))
            Missing("the test fleet (EDGECOMPUTE_TEST_FLEET)");
        return TestFleet.Read(folder!);
    }

    /// <summary>
    /// Mosquitto's TLS listeners and the <c>provision tls</c> folder they use: the gateways' listener (a client
    /// certificate from the fleet CA required, its CN the user name) and the coordinator's (TLS, then its password).
    /// </summary>
    public static MosquittoTls RequireMosquittoTls()
    {
        var port = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTTS_PORT");
        var coordinatorPort = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTTS_COORDINATOR_PORT");
        var folder = Environment.GetEnvironmentVariable("EDGECOMPUTE_TLS_DIR");
        if (!int.TryParse(port, out var p) || !int.TryParse(coordinatorPort, out var c) || string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "ca.pem")))
            Missing("Mosquitto's TLS listeners (EDGECOMPUTE_MQTTS_PORT/EDGECOMPUTE_MQTTS_COORDINATOR_PORT/EDGECOMPUTE_TLS_DIR)");
        return new MosquittoTls(Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_HOST") ?? "127.0.0.1",
            int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture), int.Parse(coordinatorPort!, System.Globalization.CultureInfo.InvariantCulture), folder!);
    }

    /// <summary>The mosquitto binary, for tests that start a private instance.</summary>
    public static string RequireMosquittoBinary()
    {
        var path = Environment.GetEnvironmentVariable("EDGECOMPUTE_MOSQUITTO_BIN");
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) Missing("the mosquitto binary (EDGECOMPUTE_MOSQUITTO_BIN)");
        return path!;
    }

    public static string RequirePostgres()
    {
        var connectionString = Environment.GetEnvironmentVariable("EDGECOMPUTE_POSTGRES");
        if (string.IsNullOrEmpty(connectionString)) Missing("PostgreSQL (EDGECOMPUTE_POSTGRES)");
        return connectionString!;
    }

    public static void Missing(string what)
    {
        var message = $"{what} is not configured; run the tests through scripts/test.sh, which starts it";
        if (ServicesRequired) Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
        Assert.Skip(message);
    }
}

/// <summary>Where the test Mosquitto listens and the credentials the test script created for it.</summary>
internal sealed record MosquittoEndpoint(string Host, int Port, string User, string Password);

/// <summary>The test Mosquitto's TLS listeners and the certificate folder (<c>ca.pem</c>, <c>gateways/{id}.pem</c>, …).</summary>
internal sealed record MosquittoTls(string Host, int GatewayPort, int CoordinatorPort, string Folder)
{
    public string Ca => Path.Combine(Folder, "ca.pem");

    public string GatewayCertificate(string id) => Path.Combine(Folder, "gateways", id + ".pem");

    public string GatewayKey(string id) => Path.Combine(Folder, "gateways", id + "-key.pem");
}
