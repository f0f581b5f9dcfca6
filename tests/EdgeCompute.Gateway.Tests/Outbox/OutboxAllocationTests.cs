using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Tests.Outbox;

public sealed class OutboxAllocationTests
{
    private const int GroupSize = 20;

    [Fact]
    public async Task Appending_a_frame_allocates_no_command_copy_or_hash_array_once_warm()
    {
        await using var gateway = new TestGateway(devices: 1);
        var id = gateway.IdOf(0);
        const int warm = 200, measured = 2000;
        var bytes = new byte[warm + measured][];
        var frames = new DeviceFrame[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var body = RawSamplesCodec.Encode([new RawSampleChannel("temp", "Cel", -2, 1_764_000_000_000 + (i * 10_000L), 1000, [2200, 2201, 2203, 2202, 2200, 2199, 2198, 2200, 2204, 2205])]);
            bytes[i] = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(gateway.KeyOf(0), id, 1, (uint)(i + 1), FrameType.RawSamples, body));
            frames[i] = TestFrames.Decode(bytes[i]);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = gateway.OutboxPath, Pooling = false }.ToString());
        connection.Open();
        OutboxSchema.Apply(connection, syncEveryCommit: true, autoCheckpointPages: 1000);
        using var session = new OutboxSession(connection, 1L << 30);
        var stored = AppendGroups(session, frames, bytes, 0, warm);

        var before = GC.GetAllocatedBytesForCurrentThread();
        stored += AppendGroups(session, frames, bytes, warm, measured);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / measured;

        // Before the prepared statements: ~4,100 B per frame (two commands, their parameters, binders and readers, a copy of
        // the payload, the hash array). What is left is the transaction's own objects, shared by the group.
        Assert.True(perFrame <= 256, $"{perFrame} B allocated per appended frame (groups of {GroupSize})");
        Assert.Equal(warm + measured, stored);
        Assert.Equal(warm + measured, session.Stored);

        // The reused statements still find what they stored: the same bytes again are a duplicate, other bytes a conflict.
        session.Begin();
        Assert.Equal(AppendOutcome.Duplicate, session.AppendFrame(frames[7], bytes[7], 10, 0));
        Assert.Equal(AppendOutcome.Conflict, session.AppendFrame(frames[7], bytes[8], 10, 0));
        session.Commit();
        Assert.Equal(warm + measured, session.Stored);
    }

    /// <summary>Appends in transactions of <see cref="GroupSize"/> frames, as the group-commit writer does; returns how many were stored.</summary>
    private static int AppendGroups(OutboxSession session, DeviceFrame[] frames, byte[][] bytes, int first, int count)
    {
        var stored = 0;
        for (var i = first; i < first + count; i += GroupSize)
        {
            session.Begin();
            for (var j = i; j < Math.Min(i + GroupSize, first + count); j++)
            {
                stored += session.AppendFrame(frames[j], bytes[j], 10, 0) == AppendOutcome.Stored ? 1 : 0;
            }

            session.Commit();
        }

        return stored;
    }
}
