using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

public sealed class SampleScheduleTests
{
    private const long T0 = 1764000000000; // a multiple of every interval and window length used here

    [Fact]
    public void Aligns_the_first_sample_up_to_the_interval_and_the_window_down_to_its_length()
    {
        var schedule = new SampleSchedule(1000, 10000);
        schedule.Restart(T0 + 12345);

        Assert.Equal(T0 + 10000, schedule.WindowStart);
        Assert.False(schedule.TryTakeSampleSlot(T0 + 12999, out _));
        Assert.True(schedule.TryTakeSampleSlot(T0 + 13000, out var slot));
        Assert.Equal(T0 + 13000, slot);
    }

    [Fact]
    public void Takes_the_latest_slot_at_or_before_a_late_tick_and_each_slot_once()
    {
        var schedule = new SampleSchedule(1000, 10000);
        schedule.Restart(T0);

        Assert.True(schedule.TryTakeSampleSlot(T0 + 3700, out var slot));
        Assert.Equal(T0 + 3000, slot);
        Assert.False(schedule.TryTakeSampleSlot(T0 + 3999, out _));
        Assert.True(schedule.TryTakeSampleSlot(T0 + 4000, out slot));
        Assert.Equal(T0 + 4000, slot);
    }

    [Fact]
    public void A_window_ends_at_the_next_multiple_of_its_length()
    {
        var schedule = new SampleSchedule(1000, 10000);
        schedule.Restart(T0 + 5000);

        Assert.False(schedule.WindowEndsBy(T0 + 9999));
        Assert.True(schedule.WindowEndsBy(T0 + 10000));
        schedule.OpenWindow(T0 + 23456);
        Assert.Equal(T0 + 20000, schedule.WindowStart);
        Assert.False(schedule.WindowEndsBy(T0 + 29999));
    }

    [Fact]
    public void Notices_a_clock_that_goes_back()
    {
        var schedule = new SampleSchedule(1000, 10000);
        schedule.Restart(T0 + 5000);
        Assert.True(schedule.TryTakeSampleSlot(T0 + 6000, out _));

        Assert.False(schedule.ClockWentBack(T0 + 6000));
        Assert.True(schedule.ClockWentBack(T0 + 5999));
    }
}
