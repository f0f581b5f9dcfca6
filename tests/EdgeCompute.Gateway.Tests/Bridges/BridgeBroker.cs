using System.Globalization;
using EdgeCompute.Gateway.Bridges;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>
/// The Mosquitto that <c>scripts/test.sh</c> starts (<c>EDGECOMPUTE_MQTT_HOST/PORT/USER/PASSWORD</c>), as a bridge's
/// broker: the password goes into a file only its owner may read, as the bridges require. Without the variables the
/// test is skipped, unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>: then it fails.
/// </summary>
internal sealed class BridgeBroker : IDisposable
{
    private BridgeBroker(string host, int port, string user, string password)
    {
        Host = host;
        Port = port;
        User = user;
        Folder = Directory.CreateTempSubdirectory("ec-bridge-").FullName;
        PasswordFile = SecretFile("password", password);
    }

    public string Host { get; }

    public int Port { get; }

    public string User { get; }

    public string Folder { get; }

    public string PasswordFile { get; }

    /// <summary>A topic prefix no other test run uses.</summary>
    public static string UniquePrefix(string what) => $"{what}-{Guid.NewGuid():N}"[..(what.Length + 13)];

    public static BridgeBroker FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_HOST");
        var port = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_PORT");
        var user = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_USER");
        var password = Environment.GetEnvironmentVariable("EDGECOMPUTE_MQTT_PASSWORD");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || string.IsNullOrEmpty(user) || password is null)
        {
            const string message = "Mosquitto not configured (EDGECOMPUTE_MQTT_HOST/PORT/USER/PASSWORD; bash scripts/test.sh sets them)";
            if (Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1")
            {
                Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
            }

            Assert.Skip(message);
        }

        return new BridgeBroker(host, int.Parse(port, CultureInfo.InvariantCulture), user, password);
    }

    public BridgeBrokerOptions Options(string? passwordFile = null) => new()
    {
        Host = Host,
        Port = Port,
        UserName = User,
        PasswordFile = passwordFile ?? PasswordFile,
        OperationTimeout = TimeSpan.FromSeconds(10),
        BackoffInitial = TimeSpan.FromMilliseconds(100),
        BackoffMax = TimeSpan.FromSeconds(1),
    };

    public string SecretFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
