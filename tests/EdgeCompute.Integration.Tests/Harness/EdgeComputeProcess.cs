using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>
/// One <c>dotnet edgecompute.dll …</c> child process (or the gateway service, or any program) with its standard output and
/// error captured line by line. It is
/// killed (SIGKILL, with its children) when disposed if still running; <see cref="Terminate"/> sends SIGTERM, a normal stop;
/// <see cref="Pause"/> freezes it with SIGSTOP until <see cref="Resume"/> (or disposal, which never leaves it stopped).
/// </summary>
internal sealed class EdgeComputeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly TaskCompletionSource _outClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _paused;

    private EdgeComputeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether the process is frozen by <see cref="Pause"/>.</summary>
    public bool IsPaused => _paused;

    public IReadOnlyList<string> Out => [.. _out];

    public IReadOnlyList<string> Error => [.. _error];

    /// <summary>Starts <c>edgecompute</c> with <paramref name="args"/>; <paramref name="environment"/> adds to (or, with a null value, removes from) the inherited environment.</summary>
    public static EdgeComputeProcess Start(string name, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        StartProgram(name, "dotnet", [RepoLayout.EdgeComputeDll, .. args], environment, workingDirectory);

    /// <summary>Starts the gateway service (<c>edgecompute-gateway</c>, as systemd runs it) with its working directory (its content root: appsettings.json is read there).</summary>
    public static EdgeComputeProcess StartGatewayService(string name, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartProgram(name, "dotnet", [RepoLayout.GatewayServiceDll], environment, workingDirectory);

    /// <summary>Starts any program (<c>bash -c …</c> for a README line) with its output captured the same way.</summary>
    public static EdgeComputeProcess StartProgram(string name, string fileName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoLayout.RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new EdgeComputeProcess(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) started._outClosed.TrySetResult();
            else started._out.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) started._errorClosed.TrySetResult();
            else started._error.Enqueue(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        TestLog.Line($"[{name}] pid {process.Id}: {fileName} {string.Join(' ', args.Select(Quote))}");
        return started;
    }

    /// <summary>Waits for the process to end (bounded); the output is complete afterwards.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            await Task.WhenAll(_outClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10), limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{Name} did not exit within {timeout.TotalSeconds:0} s\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL, the process and its children: a crash, nothing flushed or said goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _paused = false;
        TestLog.Line($"[{Name}] killed with SIGKILL (exit {_process.ExitCode})");
    }

    /// <summary>SIGTERM: a normal shutdown, as systemd stops a service.</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        Signal("TERM");
    }

    /// <summary>
    /// SIGSTOP: the process is frozen where it stands (no thread runs, its sockets stay open, the kernel buffers what
    /// peers send it) until <see cref="Resume"/>. A hung process, as far as its peers can tell.
    /// </summary>
    public void Pause()
    {
        Assert.False(_process.HasExited, $"{Name} exited before it could be paused\n{Tail()}");
        Assert.True(Signal("STOP"), $"kill -STOP {_process.Id} ({Name}) failed");
        _paused = true;
        TestLog.Line($"[{Name}] paused with SIGSTOP");
    }

    /// <summary>SIGCONT: a process frozen by <see cref="Pause"/> runs again.</summary>
    public void Resume()
    {
        if (!_paused) return;
        Assert.True(Signal("CONT") || _process.HasExited, $"kill -CONT {_process.Id} ({Name}) failed");
        _paused = false;
        TestLog.Line($"[{Name}] resumed with SIGCONT");
    }

    public int CountErrorLines(string contains) => _error.Count(l => l.Contains(contains, StringComparison.Ordinal));

    /// <summary>The last lines of both streams, for a failure message.</summary>
    public string Tail(int lines = 40) =>
        $"--- {Name} stdout (last {lines}) ---\n{string.Join('\n', Out.TakeLast(lines))}\n--- {Name} stderr (last {lines}) ---\n{string.Join('\n', Error.TakeLast(lines))}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // a stopped process dies of SIGKILL too, but resuming it first leaves nothing stopped behind if the kill fails
                if (_paused && Signal("CONT")) _paused = false;
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private bool Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) || arg.Contains(';', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
}
