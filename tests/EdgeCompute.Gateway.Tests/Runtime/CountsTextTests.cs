using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Runtime;

namespace EdgeCompute.Gateway.Tests.Runtime;

/// <summary>The counters in the gateway's status line: by outcome, non-zero ones, "none" rather than an empty gap ("refusals ,").</summary>
public sealed class CountsTextTests
{
    [Fact]
    public void Says_none_when_nothing_was_counted()
    {
        Assert.Equal("none", CountsText.Format(new Dictionary<BrokerRefusal, long>()));
        Assert.Equal("none", CountsText.Format(new Dictionary<BrokerRefusal, long> { [BrokerRefusal.UnknownDevice] = 0 }));
    }

    [Fact]
    public void Lists_each_non_zero_count_by_outcome_in_order()
    {
        var counts = new Dictionary<IngestOutcome, long> { [IngestOutcome.Duplicate] = 2, [IngestOutcome.Stored] = 120 };

        var text = CountsText.Format(counts);

        Assert.Equal("Stored 120, Duplicate 2", text); // in the enum's order, whatever the insertion order
        Assert.DoesNotContain("[", text, StringComparison.Ordinal);
    }
}
