using EdgeCompute.Coordinator.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Ingest;

public sealed class BatchSummaryLogTests
{
    [Fact]
    public void Sums_up_the_batches_of_each_interval_at_information_once_the_interval_has_passed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var log = new FakeLogger<BatchIngestor>();
        var summary = new BatchSummaryLog(TimeSpan.FromMinutes(1), clock, log);

        summary.Add("ec/v1/g/gw-01/up", Result(IngestOutcome.Stored));
        summary.Add("ec/v1/g/gw-02/up", Result(IngestOutcome.Stored));
        summary.Add("ec/v1/g/gw-01/up", Result(IngestOutcome.Duplicate));
        clock.Advance(TimeSpan.FromSeconds(59));
        summary.Add("ec/v1/g/gw-02/up", Result(IngestOutcome.BadSignature));
        Assert.Empty(log.Collector.GetSnapshot()); // within the interval: nothing yet

        clock.Advance(TimeSpan.FromSeconds(1));
        summary.Add("ec/v1/g/gw-01/up", Result(IngestOutcome.Stored));

        var line = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("Batches in the last 60 s: 5 from 2 gateways (gw-01 3, gw-02 2), 3 stored with 0 frames, 1 duplicates, 1 refused", line.Message);
        Assert.Equal(1, summary.Summaries);

        clock.Advance(TimeSpan.FromSeconds(30));
        summary.Add("ec/v1/g/gw-03/up", Result(IngestOutcome.Stored));
        Assert.Single(log.Collector.GetSnapshot()); // the next interval started afresh
    }

    private static BatchIngestResult Result(IngestOutcome outcome) => new(outcome, "", null, null);
}
