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
