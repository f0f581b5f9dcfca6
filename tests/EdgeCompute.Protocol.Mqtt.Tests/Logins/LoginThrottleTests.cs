using System.Net;
using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Protocol.Mqtt.Logins;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Protocol.Mqtt.Tests.Logins;

/// <summary>Failed logins from one address are free up to a point, then each attempt waits longer, queued, and a success clears the address.</summary>
public sealed class LoginThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("10.0.0.66");
    private static readonly IPAddress Neighbour = IPAddress.Parse("10.0.0.7");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
    private readonly BrokerGuardOptions _options = new() { LoginFailuresBeforeDelay = 3, LoginDelay = TimeSpan.FromSeconds(1), LoginDelayMax = TimeSpan.FromSeconds(8) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_delay_starts_after_the_free_failures_doubles_and_stops_at_the_maximum()
    {
        var throttle = new LoginThrottle(_options, _clock);
        for (var i = 0; i < 3; i++)
        {
            var free = await throttle.WaitTurnAsync(Attacker, Ct);
            Assert.False(free.Waited);
            throttle.Done(free, succeeded: false);
        }

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            delays.Add(throttle.DelayFor(Attacker));
            var turn = throttle.WaitTurnAsync(Attacker, Ct);
            Assert.False(turn.IsCompleted);
            _clock.Advance(delays[^1]);
            throttle.Done(await turn, succeeded: false);
        }

        Assert.Equal([1, 2, 4, 8, 8, 8], delays.Select(d => (int)d.TotalSeconds));
        Assert.Equal(6, throttle.Slowed);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Neighbour));
    }

    [Fact]
    public async Task Attempts_waiting_together_queue_one_behind_the_other_and_past_eight_are_turned_away()
    {
        var throttle = new LoginThrottle(_options, _clock);
        await FailAsync(throttle, 3);

        var waiting = Enumerable.Range(0, LoginThrottle.MaxWaiting).Select(_ => throttle.WaitTurnAsync(Attacker, Ct)).ToList();
        var turnedAway = await throttle.WaitTurnAsync(Attacker, Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var firstDone = waiting.Count(t => t.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var thirdDone = waiting.Count(t => t.IsCompleted);

        Assert.False(turnedAway.Admitted);
        Assert.Equal(1, throttle.TurnedAway);
        Assert.Equal((1, 3), (firstDone, thirdDone));
        _clock.Advance(TimeSpan.FromSeconds(5));
        foreach (var turn in waiting)
        {
            throttle.Done(await turn, succeeded: false);
        }
    }

    [Fact]
    public async Task A_successful_login_clears_the_address_and_ten_quiet_minutes_forget_it()
    {
        var throttle = new LoginThrottle(_options, _clock);
        await FailAsync(throttle, 4);
        var slowed = throttle.WaitTurnAsync(Attacker, Ct);
        _clock.Advance(throttle.DelayFor(Attacker));
        throttle.Done(await slowed, succeeded: true);

        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Attacker));
        await FailAsync(throttle, 5);
        Assert.NotEqual(TimeSpan.Zero, throttle.DelayFor(Attacker));
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Attacker));
    }

    private async Task FailAsync(LoginThrottle throttle, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var turn = throttle.WaitTurnAsync(Attacker, Ct);
            _clock.Advance(throttle.DelayFor(Attacker) * LoginThrottle.MaxWaiting);
            throttle.Done(await turn, succeeded: false);
        }
    }
}
