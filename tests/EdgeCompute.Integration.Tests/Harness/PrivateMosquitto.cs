using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Services;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>
/// A Mosquitto of one test on a free loopback port: the fleet's password and ACL files written by
/// <c>edgecompute provision mosquitto</c>, persistence in the test's folder, connection logs (notice and information
/// level) in a file the test counts. Stopped with SIGTERM and started again on the same port and persistence folder.
/// </summary>
internal sealed partial class PrivateMosquitto : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _folder;
    private Process? _process;

    private PrivateMosquitto(string binary, string folder, int port, int? tlsPort = null, int? coordinatorTlsPort = null, string? tlsFolder = null)
    {
        _binary = binary;
        _folder = folder;
        Port = port;
        TlsPort = tlsPort;
        CoordinatorTlsPort = coordinatorTlsPort;
        TlsFolder = tlsFolder;
    }

    public int Port { get; }

    /// <summary>Gets the gateways' TLS listener (client certificate required), when started with TLS.</summary>
    public int? TlsPort { get; }

    /// <summary>Gets the coordinator's TLS listener (TLS, then its password), when started with TLS.</summary>
    public int? CoordinatorTlsPort { get; }

    /// <summary>Gets the <c>provision tls</c> folder of the TLS listeners, when started with TLS.</summary>
    public string? TlsFolder { get; }

    public string TlsUrl => $"mqtts://127.0.0.1:{TlsPort}";

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>The coordinator's broker password file written by <c>provision mosquitto</c>.</summary>
    public string CoordinatorPasswordFile => Path.Combine(_folder, "coordinator-broker.password");

    public string LogFile => Path.Combine(_folder, "mosquitto.log");

    /// <summary>
    /// Finds the binary (fails under EDGECOMPUTE_REQUIRE_SERVICES=1, else skips), provisions the fleet's files and starts it.
    /// With <paramref name="tls"/>, <c>provision tls</c> makes the fleet's certificates and the TLS listeners are added as
    /// <c>provision mosquitto --tls</c> prints them.
    /// </summary>
    public static async Task<PrivateMosquitto> StartAsync(WorkFolder work, string fleet, bool tls = false)
    {
        var binary = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "mosquitto")).FirstOrDefault(File.Exists);
        if (binary is null)
        {
            ServiceEnvironment.Missing("the mosquitto binary (PATH or /usr/sbin/mosquitto)");
        }

        var folder = work["mosquitto"];
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var port = FreePort.Next();
        int? tlsPort = tls ? FreePort.Next() : null, coordinatorTlsPort = tls ? FreePort.Next() : null;
        var tlsFolder = tls ? work["tls"] : null;
        if (tlsFolder is not null)
        {
            await using var provisionTls = EdgeComputeProcess.Start("provision tls", ["provision", "tls", "--fleet", fleet, "--out", tlsFolder]);
            Assert.True(await provisionTls.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, provisionTls.Tail());
        }

        string[] tlsArgs = tlsFolder is null ? [] : ["--tls", tlsFolder, "--tls-port", $"{tlsPort}", "--coordinator-tls-port", $"{coordinatorTlsPort}"];
        IReadOnlyList<string> printed;
        await using (var provision = EdgeComputeProcess.Start("provision mosquitto", ["provision", "mosquitto", "--fleet", fleet, "--out", folder, "--port", $"{port}", .. tlsArgs]))
        {
            Assert.True(await provision.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, provision.Tail());
            printed = provision.Out;
        }

        // The TLS listeners exactly as `provision mosquitto --tls` printed them, bound to loopback (comments dropped).
        var tlsLines = printed.SkipWhile(l => !l.StartsWith("TLS listeners", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).Where(l => !l.StartsWith('#'))
            .Select(l => l.StartsWith("listener ", StringComparison.Ordinal) ? l + " 127.0.0.1" : l).ToList();
        Assert.True(!tls || tlsLines.Contains($"listener {tlsPort} 127.0.0.1"), string.Join('\n', printed));

        var conf = $"""
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {folder}/passwd
            acl_file {folder}/acl
            persistence true
            persistence_location {folder}/data/
            autosave_interval 1
            max_queued_messages 100000
            log_dest file {folder}/mosquitto.log
            log_type error
            log_type warning
            log_type notice
            log_type information
            log_timestamp_format %Y-%m-%dT%H:%M:%S
            {(Environment.UserName == "root" ? "user root" : "")}
            {string.Join('\n', tlsLines)}

            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "mosquitto.conf"), conf, TestContext.Current.CancellationToken);
        var broker = new PrivateMosquitto(binary!, folder, port, tlsPort, coordinatorTlsPort, tlsFolder);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the broker (again) on the same port with the same persistence folder and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        Assert.True(_process is null || _process.HasExited, "mosquitto is running already");
        _process?.Dispose();
        var info = new ProcessStartInfo(_binary, ["-c", Path.Combine(_folder, "mosquitto.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Poll.UntilAsync(async () => _process.HasExited || await FreePort.IsOpenAsync(Port), $"mosquitto listening on {Port}", TimeSpan.FromSeconds(30));
        Assert.False(_process.HasExited, $"mosquitto exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{ReadLog()}");
        TestLog.Line($"[mosquitto] pid {_process.Id} on 127.0.0.1:{Port}");
    }

    /// <summary>SIGTERM (Mosquitto saves its persistence file and closes every connection), then waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        TestLog.Line($"[mosquitto] stopped (exit {_process.ExitCode})");
    }

    public string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>Client sessions accepted per client id ("New client connected from … as ID").</summary>
    public IReadOnlyDictionary<string, int> ClientConnections() =>
        ConnectedAs().Matches(ReadLog()).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>TCP connections accepted ("New connection from"), whatever came of them.</summary>
    public int TcpConnections() => ReadLog().Split('\n').Count(l => l.Contains("New connection from", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    [GeneratedRegex(@"New client connected from \S+ as (\S+) ", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectedAs();
}
