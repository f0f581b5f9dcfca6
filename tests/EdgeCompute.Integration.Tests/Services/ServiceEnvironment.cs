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

    public static string RequirePostgres()
    {
        var connectionString = Environment.GetEnvironmentVariable("EDGECOMPUTE_POSTGRES");
        if (string.IsNullOrEmpty(connectionString)) Missing("PostgreSQL (EDGECOMPUTE_POSTGRES)");
        return connectionString!;
    }

    private static void Missing(string what)
    {
        var message = $"{what} is not configured; run the tests through scripts/test.sh, which starts it";
        if (ServicesRequired) Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
        Assert.Skip(message);
    }
}

/// <summary>Where the test Mosquitto listens and the credentials the test script created for it.</summary>
internal sealed record MosquittoEndpoint(string Host, int Port, string User, string Password);
