using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// Tells a waiting user when a job starts or stops waiting for nodes, one line per change (not per poll), so
/// <c>--wait</c> on a job no online node can run says so instead of printing nothing.
/// </summary>
internal sealed class JobStatusChanges : IProgress<JobView>
{
    private readonly TextWriter _out;
    private string? _last;

    /// <summary>Writes the changes to <paramref name="output"/>.</summary>
    /// <param name="output">Standard output.</param>
    public JobStatusChanges(TextWriter output) => _out = output;

    /// <summary>Takes one answer of the job; writes a line when it begins or ends waiting for nodes.</summary>
    /// <param name="value">The job as the API shows it now.</param>
    public void Report(JobView value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var waiting = value.Status == JobStatuses.WaitingForNodes;
        var key = waiting ? $"{value.Status}|{value.Waiting}" : value.Status;
        if (key == _last)
        {
            return;
        }

        if (waiting)
        {
            _out.WriteLine($"Job {value.Id} is waiting for nodes: {value.Waiting}");
        }
        else if (_last is not null && _last.StartsWith(JobStatuses.WaitingForNodes, StringComparison.Ordinal) && value.Status == JobStatuses.Running)
        {
            _out.WriteLine($"Job {value.Id} is running: nodes came online");
        }

        _last = key;
    }
}
