using EdgeCompute.Coordinator.Domain.Epochs;
using Microsoft.Extensions.Time.Testing;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class EpochClockTests
{
    [Fact]
    public void Time_falls_in_the_epoch_whose_half_open_window_contains_it()
    {
        var clock = new EpochClock(Policy(), new FakeTimeProvider(Genesis));

        Assert.Equal(new EpochWindow(2, Genesis.AddHours(2), Genesis.AddHours(3)), clock.EpochAt(Genesis.AddHours(2.5)));
        Assert.Equal(3, clock.EpochAt(Genesis.AddHours(3)).Id);
        Assert.Equal(2, clock.EpochAt(Genesis.AddHours(3).AddTicks(-1)).Id);
        Assert.Equal(0, clock.EpochAt(Genesis).Id);
    }

    [Fact]
    public void Current_epoch_follows_the_injected_time_provider()
    {
        var time = new FakeTimeProvider(Genesis.AddMinutes(59));
        var clock = new EpochClock(Policy(), time);
        Assert.Equal(0, clock.Current.Id);
        Assert.False(clock.HasEnded(clock.Current));

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, clock.Current.Id);
        Assert.True(clock.HasEnded(clock.Window(0)));
    }

    [Fact]
    public void Time_before_genesis_is_refused()
    {
        var clock = new EpochClock(Policy(), new FakeTimeProvider(Genesis));

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.EpochAt(Genesis.AddTicks(-1)));
    }
}
