using EdgeCompute.Coordinator.UseCases;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>Which tasks this process wrote since a read (<see cref="TaskWriteLog"/>), what a result batch read before the lock asks.</summary>
public sealed class TaskWriteLogTests
{
    [Fact]
    public void A_task_written_after_a_read_is_reported_and_one_written_before_or_not_at_all_is_not()
    {
        var log = new TaskWriteLog();
        log.Written("before");
        var readAt = log.Now;
        log.Written(["after", "also-after"]);

        Assert.True(log.WrittenSince("after", readAt));
        Assert.True(log.WrittenSince("also-after", readAt));
        Assert.False(log.WrittenSince("before", readAt));
        Assert.False(log.WrittenSince("never", readAt));
        Assert.False(log.WrittenSince("after", log.Now)); // a read taken after the write
    }

    [Fact]
    public void A_write_of_unknown_tasks_makes_every_earlier_read_stale_and_no_later_one()
    {
        var log = new TaskWriteLog();
        var before = log.Now;
        log.WrittenAll();
        var after = log.Now;

        Assert.True(log.WrittenSince("any", before));
        Assert.False(log.WrittenSince("any", after));
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void When_the_log_forgets_its_marks_older_reads_count_every_task_as_written_and_the_marks_stay_bounded()
    {
        var log = new TaskWriteLog();
        var old = log.Now;
        for (var i = 0; i < TaskWriteLog.MaxMarks; i++)
        {
            log.Written($"t{i}");
        }

        log.Written("last"); // one mark too many: the older ones are forgotten
        var after = log.Now;

        Assert.Equal(1, log.Count);
        Assert.True(log.WrittenSince("never-written", old)); // forgotten: it may have been written
        Assert.True(log.WrittenSince("t5", old));
        Assert.False(log.WrittenSince("t5", after)); // a read taken after the forgetting trusts its own rows again
        Assert.False(log.WrittenSince("last", after));
        log.Written("next");
        Assert.True(log.WrittenSince("next", after));
    }
}
