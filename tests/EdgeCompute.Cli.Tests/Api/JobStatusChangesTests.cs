using EdgeCompute.Cli.Api;
using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Cli.Tests.Api;

public sealed class JobStatusChangesTests
{
    private static JobView Job(string status, string? waiting = null) =>
        new("j-1", "wasm-map", "owner-01", 1000, status, DateTimeOffset.UnixEpoch, null, "1 tasks", null, waiting);

    [Fact]
    public void Says_once_when_a_job_starts_and_stops_waiting_for_nodes_and_nothing_per_poll()
    {
        using var output = new StringWriter();
        var changes = new JobStatusChanges(output);

        changes.Report(Job(JobStatuses.Running));
        changes.Report(Job(JobStatuses.WaitingForNodes, "no online gateway runs the wasm kernel"));
        changes.Report(Job(JobStatuses.WaitingForNodes, "no online gateway runs the wasm kernel"));
        changes.Report(Job(JobStatuses.Running));
        changes.Report(Job(JobStatuses.Running));
        changes.Report(Job(JobStatuses.Completed));

        Assert.Equal(
            ["Job j-1 is waiting for nodes: no online gateway runs the wasm kernel", "Job j-1 is running: nodes came online"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
