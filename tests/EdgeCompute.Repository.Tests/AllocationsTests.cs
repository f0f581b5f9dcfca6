using EdgeCompute.Tests;

namespace EdgeCompute.Repository.Tests;

/// <summary>
/// The shared allocation measurement (tests/Shared/Allocations.cs) that every "allocates nothing" test uses: it must still
/// catch code that allocates, while a one-off allocation (a warm-up effect, a tiering transition) does not fail a test.
/// </summary>
public sealed class AllocationsTests
{
    private static object? _kept;

    [Fact]
    public void Catches_code_that_allocates_on_every_call()
    {
        var allocated = Allocations.Measure(_ => _kept = new byte[16], calls: 100);

        Assert.True(allocated >= 100 * 16, $"measured {allocated} bytes for 100 arrays of 16 bytes");
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Allocations.AssertNone(_ => _kept = new byte[16], calls: 100));
        Assert.Contains("allocated", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catches_code_that_allocates_once_in_a_thousand_calls()
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(
            () => Allocations.AssertNone(i => _kept = i == 999 ? new object() : _kept, calls: 1000));

        Assert.Contains("in every one of", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_code_that_allocates_nothing()
    {
        var sum = 0L;

        Allocations.AssertNone(i => sum += i, calls: 1000);

        Assert.True(sum > 0);
    }

    [Fact]
    public void A_one_time_initialisation_during_warm_up_is_not_counted()
    {
        object? cache = null;

        Allocations.AssertNone(_ => cache ??= new byte[1024], calls: 10);

        Assert.NotNull(cache);
    }

    [Fact]
    public void A_one_off_allocation_in_a_measured_window_is_measured_again_not_failed()
    {
        var calls = 0;
        var allocated = Allocations.Measure(
            _ =>
            {
                calls++;
                if (calls == Allocations.WarmUpCalls + 5)
                {
                    _kept = new byte[368]; // as a tier-1 transition once billed to the measuring thread
                }
            },
            calls: 10);

        Assert.Equal(0, allocated);
        Assert.Equal(Allocations.WarmUpCalls + 20, calls); // the dirty first window, then one clean window
    }
}
