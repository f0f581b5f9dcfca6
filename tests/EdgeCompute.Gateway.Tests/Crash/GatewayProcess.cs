using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace EdgeCompute.Gateway.Tests.Crash;

/// <summary>
/// The real gateway service (<c>edgecompute-gateway.dll</c>, built next to this test assembly through the project
/// reference) run as a child process with <c>EDGECOMPUTE_*</c> environment variables, its output captured. Disposing
/// always kills it, so a failing test never leaves a gateway behind.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private GatewayProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Gets everything the process wrote so far (stdout and stderr interleaved as received).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static GatewayProcess Start(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "edgecompute-gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: the test project references the Service project, so its build output should sit next to the test assembly");
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory, // the content root: relative paths and appsettings.json resolve here
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("EDGECOMPUTE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key); // only this test's settings
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new GatewayProcess(process, name);
        process.OutputDataReceived += (_, e) => started.Capture("out", e.Data);
        process.ErrorDataReceived += (_, e) => started.Capture("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the device port accepts TCP connections (the worker starts the broker inside the host's start).</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before its device port {port} opened{Environment.NewLine}{Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>SIGKILL: no handler runs, no queued commit finishes, no socket is closed politely. .NET's <see cref="Process.Kill()"/> is <c>kill(pid, SIGKILL)</c> on Unix.</summary>
    public void KillAbruptly()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM (what <c>systemctl stop</c> sends): a normal shutdown; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}");
            }
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(timeout);
        await _process.WaitForExitAsync(wait.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private void Capture(string stream, string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{Name} {stream}] {line}");
        }
    }
}
