namespace EdgeCompute.Cli.Tests.Support;

/// <summary>A long-running command started in-process; it is stopped (as by Ctrl+C) and awaited on disposal.</summary>
internal sealed class RunningCommand : IAsyncDisposable
{
    private readonly Task<CliOutcome> _run;
    private readonly CancellationTokenSource _stop;

    private RunningCommand(Task<CliOutcome> run, CancellationTokenSource stop)
    {
        _run = run;
        _stop = stop;
    }

    /// <summary>Waits until <paramref name="port"/> accepts connections (or the command ended, which fails the test).</summary>
    public static async Task<RunningCommand> StartedAsync(Task<CliOutcome> run, CancellationTokenSource stop, int port)
    {
        var command = new RunningCommand(run, stop);
        await Eventually.TrueAsync(() => run.IsCompleted || IsOpen(port), $"a listener on {port}");
        Assert.False(run.IsCompleted, $"the command ended: {(run.IsCompleted ? run.Result.Error : "")}");
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private static bool IsOpen(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
