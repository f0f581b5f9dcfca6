using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Registry;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>
/// A throwaway Mosquitto on loopback, configured with the password and ACL files <see cref="MosquittoConfigWriter"/>
/// writes. Missing binary: the test is skipped, unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>, then it fails.
/// </summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private MosquittoProcess(Process process, DirectoryInfo folder, int port, int? tlsPort)
    {
        _process = process;
        _folder = folder;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    /// <summary>Gets the coordinator's TLS listener (TLS, then user name and password), when started with TLS.</summary>
    public int? TlsPort { get; }

    /// <summary>Gets the <c>provision tls</c> folder of the TLS listener (<c>ca.pem</c>, <c>server.pem</c> for 127.0.0.1).</summary>
    public string TlsFolder => Path.Combine(_folder.FullName, "tls");

    public static async Task<MosquittoProcess> StartAsync(FleetRegistry registry, string coordinatorUser, string coordinatorPassword, int? port = null, bool tls = false)
    {
        var binary = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            const string message = "mosquitto is not installed; run the tests through scripts/test.sh, which installs it";
            if (Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1") Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
            Assert.Skip(message);
        }

        var folder = Directory.CreateTempSubdirectory("edgecompute-mosquitto-");
        // Mosquitto started as root drops to the mosquitto user, which must be able to read the files.
        Chmod(folder.FullName, 0b111_101_101);
        var passwords = Path.Combine(folder.FullName, "passwd");
        var acl = Path.Combine(folder.FullName, "acl");
        await MosquittoConfigWriter.WriteAsync(registry, passwords, acl, coordinatorUser, coordinatorPassword, TestContext.Current.CancellationToken);
        Chmod(passwords, 0b110_100_100);
        Chmod(acl, 0b110_100_100);
        var listen = port ?? FreePort();
        int? tlsPort = tls ? FreePort() : null;
        var tlsLines = "";
        if (tlsPort is { } secure)
        {
            // The coordinator's listener of `provision mosquitto --tls`; this throwaway key is made readable by the
            // mosquitto user that Mosquitto drops to when started as root.
            var tlsFolder = Path.Combine(folder.FullName, "tls");
            EdgeCompute.Protocol.Tls.FleetTlsFolder.Provision(new EdgeCompute.Protocol.Tls.TlsProvisionRequest { Folder = tlsFolder }, DateTimeOffset.UtcNow);
            Chmod(tlsFolder, 0b111_101_101);
            Chmod(Path.Combine(tlsFolder, "server-key.pem"), 0b110_100_100);
            tlsLines = $"listener {secure} 127.0.0.1\ncafile {tlsFolder}/ca.pem\ncertfile {tlsFolder}/server.pem\nkeyfile {tlsFolder}/server-key.pem\ntls_version tlsv1.2\n";
        }

        var config = Path.Combine(folder.FullName, "mosquitto.conf");
        await File.WriteAllTextAsync(config,
            $"listener {listen} 127.0.0.1\nallow_anonymous false\npassword_file {passwords}\nacl_file {acl}\npersistence false\nmax_queued_messages 10000\n{tlsLines}",
            TestContext.Current.CancellationToken);
        Chmod(config, 0b110_100_100);
        var process = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.ErrorDataReceived += (_, e) => TestContext.Current.TestOutputHelper?.WriteLine($"mosquitto: {e.Data}");
        process.BeginErrorReadLine();
        var mosquitto = new MosquittoProcess(process, folder, listen, tlsPort);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Assert.False(process.HasExited, "mosquitto exited at start");
            Assert.False(timeout.IsCancellationRequested, "mosquitto did not start listening");
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, tlsPort ?? listen, timeout.Token);
                return mosquitto;
            }
            catch (SocketException)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }

    private static void Chmod(string path, int mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
