using EdgeCompute.Protocol.Transport;

namespace EdgeCompute.Protocol.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_the_initial_delay_up_to_the_cap_without_jitter()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0, new Random(1));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
        Assert.Equal(8, backoff.Failures);
    }

    [Fact]
    public void Jitter_takes_off_at_most_its_share_and_spreads_replicas_that_failed_together()
    {
        const int seed = 7101;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}");
        var backoffs = Enumerable.Range(0, 50).Select(i => new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.5, new Random(seed + i))).ToArray();

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var ceiling = Math.Min(30, Math.Pow(2, attempt));
            var delays = backoffs.Select(b => b.Next().TotalSeconds).ToArray();
            Assert.All(delays, d => Assert.InRange(d, ceiling * 0.5, ceiling));
            Assert.True(delays.Distinct().Count() > 40, $"attempt {attempt}: 50 clients picked only {delays.Distinct().Count()} distinct delays");
        }
    }

    [Fact]
    public void Reset_after_a_success_starts_again_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 0, new Random(1));
        backoff.Next();
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Next());
    }

    [Theory]
    [InlineData(0, 30, 0.5)]
    [InlineData(-1, 30, 0.5)]
    [InlineData(10, 5, 0.5)]
    [InlineData(1, 30, -0.1)]
    [InlineData(1, 30, 1.5)]
    [InlineData(1, 30, double.NaN)]
    public void Refuses_settings_out_of_range(double initialSeconds, double maxSeconds, double jitter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ReconnectBackoff(TimeSpan.FromSeconds(initialSeconds), TimeSpan.FromSeconds(maxSeconds), jitter, new Random(1)));
    }
}
