using System.Security.Cryptography;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Firmware.Core.Tests.Frames;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

public sealed class TaskQueueTests
{
    private static byte[] Assignment(string taskId, string deviceId = "dev-1") =>
        AssignmentBytes.Build(taskId, 0, deviceId, KernelNames.McPi, AssignmentBytes.UInts(1, 10), 100, 5);

    [Fact]
    public void Hashes_the_exact_assignment_bytes_and_keeps_fifo_order()
    {
        var queue = new TaskQueue("dev-1", 3);
        var first = Assignment("a");
        var second = Assignment("b");
        Assert.True(queue.TryAdd(first, 0, first.Length));
        Assert.True(queue.TryAdd(second, 0, second.Length));

        var head = queue.PeekHead()!;
        Assert.Equal("a", head.TaskId);
        Assert.Equal(SHA256.HashData(first), head.AssignmentHash);
        Assert.Null(head.Source);
        queue.RemoveHead();
        Assert.Equal(SHA256.HashData(second), queue.PeekHead()!.AssignmentHash);
        queue.RemoveHead();
        Assert.Null(queue.PeekHead());
    }

    [Fact]
    public void Never_reuses_the_head_slot_while_it_is_counted()
    {
        var queue = new TaskQueue("dev-1", 2);
        var a = Assignment("a");
        var b = Assignment("b");
        var c = Assignment("c");
        queue.TryAdd(a, 0, a.Length);
        var head = queue.PeekHead();
        queue.TryAdd(b, 0, b.Length);
        Assert.False(queue.TryAdd(c, 0, c.Length));
        Assert.Equal(CborError.TooLong, queue.LastError);
        Assert.Same(head, queue.PeekHead());
        Assert.Equal("a", head!.TaskId);
    }

    [Fact]
    public void Rejects_and_counts_assignments_for_another_device()
    {
        var queue = new TaskQueue("dev-1", 2);
        var foreign = Assignment("a", "dev-2");
        Assert.False(queue.TryAdd(foreign, 0, foreign.Length));
        Assert.Equal((0L, 1L, CborError.InvalidValue, 0), (queue.Accepted, queue.Rejected, queue.LastError, queue.Count));
    }

    [Fact]
    public void Ignores_a_redelivered_assignment_that_is_still_pending()
    {
        var queue = new TaskQueue("dev-1", 3);
        var a = Assignment("a");

        Assert.True(queue.TryAdd(a, 0, a.Length));
        Assert.True(queue.TryAdd(a, 0, a.Length));

        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.Accepted);
        Assert.Equal(1, queue.Duplicates);
    }

    [Fact]
    public void Ignores_a_redelivery_of_a_just_completed_assignment_but_runs_a_new_one()
    {
        var queue = new TaskQueue("dev-1", 2);
        var a = Assignment("a");
        var b = Assignment("b");
        Assert.True(queue.TryAdd(a, 0, a.Length));
        queue.RemoveHead();

        Assert.True(queue.TryAdd(a, 0, a.Length));
        Assert.Equal(0, queue.Count);
        Assert.True(queue.TryAdd(b, 0, b.Length));

        Assert.Equal(1, queue.Count);
        Assert.Equal("b", queue.PeekHead()!.TaskId);
        Assert.Equal(1, queue.Duplicates);
    }

    [Fact]
    public void Forgets_completed_assignments_beyond_the_recent_window()
    {
        var queue = new TaskQueue("dev-1", 1);
        var first = Assignment("t0");
        Assert.True(queue.TryAdd(first, 0, first.Length));
        queue.RemoveHead();
        for (var i = 1; i <= TaskQueue.RecentCompleted; i++)
        {
            var next = Assignment("t" + i);
            Assert.True(queue.TryAdd(next, 0, next.Length));
            queue.RemoveHead();
        }

        Assert.True(queue.TryAdd(first, 0, first.Length));

        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.Duplicates);
    }
}
