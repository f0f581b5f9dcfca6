using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>
/// Result frames are authenticated against the issued assignment before their batch is committed: a forged one (someone
/// with the device's broker credential but not its key) takes no place in the device's frame sequence, so the device's
/// genuine frame with that number is stored, not refused as a conflict.
/// </summary>
public sealed class ResultAuthenticationTests
{
    private static readonly byte[] IssuedAssignment = [7, 7, 7, 1];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_forged_result_frame_is_dropped_before_the_commit_and_the_genuine_frame_with_its_number_is_stored()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var device = world.DevicesOf(gateway)[0];
        var sink = new AssignmentCheckingSink(device, "job-1-t1", IssuedAssignment);
        var ingestor = new BatchIngestor(world.Registry, world.Store, sink, world.Returns, time: world.Clock);

        // the forger squats on seq 2 with a result it cannot MAC (no device key), and on seq 4 with one for a task never issued
        var forged = Result(new byte[32], device.Id, 2, "job-1-t1", IssuedAssignment);
        var notIssued = Result(device.GetKey(), device.Id, 4, "job-9-t9", IssuedAssignment);
        var first = await ingestor.IngestAsync(IngestWorld.Up(gateway), world.Seal(gateway, 1, 1,
            [new DeviceFrameItem(IngestWorld.SummaryFrame(device, 1, 1, new Random(3)).Frame), new DeviceFrameItem(forged), new DeviceFrameItem(notIssued)]), Ct);
        // the device's own frames: telemetry with seq 2, its genuine result with seq 3
        var second = await ingestor.IngestAsync(IngestWorld.Up(gateway), world.Seal(gateway, 1, 2,
            [new DeviceFrameItem(IngestWorld.SummaryFrame(device, 1, 2, new Random(4)).Frame), new DeviceFrameItem(Result(device.GetKey(), device.Id, 3, "job-1-t1", IssuedAssignment))]), Ct);

        Assert.Equal((IngestOutcome.Stored, IngestOutcome.Stored), (first.Outcome, second.Outcome));
        Assert.Equal(2, ingestor.Counters.Frames(FrameCount.ResultUnauthenticated));
        Assert.Equal(0, ingestor.Counters.Frames(FrameCount.TelemetryConflict));
        Assert.Equal(3, ingestor.Counters.Frames(FrameCount.TelemetryStored)); // two telemetry frames and the genuine result
        Assert.Equal(1, ingestor.Counters.Frames(FrameCount.Result));
        var handed = Assert.Single(sink.Accepted);
        Assert.Equal(3u, handed.Frame.Seq);
        var account = Assert.Single(await world.Sqlite.ReadSequenceAccountsAsync(Ct), a => a.DeviceId == device.Id);
        Assert.Equal((3L, 3L, 0L), (account.FramesStored, account.HighestSeq, account.MissingFrames));
    }

    private static byte[] Result(byte[] key, string deviceId, uint seq, string taskId, byte[] assignment)
    {
        var body = TaskResultCodec.Encode(new TaskResult(taskId, 0, "mc.pi", TaskResultStatus.Ok, 10, new MonteCarloPiOutput(7, 10)));
        return DeviceFrameCodec.Encode(DeviceFrameMac.Seal(key, deviceId, 1, seq, FrameType.Result, body, assignment));
    }

    /// <summary>Knows one issued assignment (task, slot 0, device) and checks MACs against it, as the work engine does.</summary>
    private sealed class AssignmentCheckingSink(DeviceRecord device, string taskId, byte[] assignment) : IResultSink
    {
        public List<ReceivedResult> Accepted { get; } = [];

        public Task<IReadOnlyList<bool>> AuthenticateAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<bool>>([.. results.Select(r => r.Result.TaskId == taskId && r.Result.Slot == 0 && r.Frame.DeviceId == device.Id
                && DeviceFrameMac.Verify(r.Frame, device.GetKey(), assignment))]);

        public Task AcceptAsync(DeviceFrame frame, TaskResult result, string gatewayId, CancellationToken cancellationToken = default)
        {
            Accepted.Add(new ReceivedResult(frame, result, gatewayId));
            return Task.CompletedTask;
        }

        public Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
