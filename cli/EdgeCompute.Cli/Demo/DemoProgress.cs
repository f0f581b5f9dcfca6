using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Cli.Demo;

/// <summary>Live progress read from the coordinator's stores: time, jobs, tasks and readings, as bars on one line (a line every 5 s when not a terminal).</summary>
internal sealed class DemoProgress(DemoOutput output, CoordinatorNode coordinator, IReadOnlyList<string> jobs)
{
    private int _ticks;

    public async Task ShowAsync(TimeSpan elapsed, TimeSpan duration, CancellationToken cancellationToken)
    {
        _ticks++;
        if (output.Json || (!output.Interactive && _ticks % 5 != 0))
        {
            return;
        }

        var work = await coordinator.Stores.Work.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var telemetry = await coordinator.Stores.Telemetry.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var done = 0;
        foreach (var id in jobs)
        {
            if (await coordinator.Stores.Work.FindJobAsync(id, cancellationToken).ConfigureAwait(false) is { Status: not JobStatus.Running })
            {
                done++;
            }
        }

        var line = $"time {Bar(elapsed.TotalSeconds, duration.TotalSeconds)} {elapsed.TotalSeconds,3:0}s  jobs {Bar(done, jobs.Count)} {done}/{jobs.Count}  " +
            $"tasks verified {work.TasksVerified}  readings {telemetry.ReadingsStored:N0}";
        if (output.Interactive)
        {
            await output.Out.WriteAsync("\r" + line.PadRight(110)).ConfigureAwait(false);
        }
        else
        {
            await output.LineAsync(line).ConfigureAwait(false);
        }
    }

    public async Task DoneAsync()
    {
        if (output.Interactive)
        {
            await output.Out.WriteLineAsync().ConfigureAwait(false);
        }
    }

    private static string Bar(double value, double total)
    {
        const int width = 16;
        var filled = total <= 0 ? 0 : (int)Math.Clamp(Math.Round(width * value / total), 0, width);
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}
