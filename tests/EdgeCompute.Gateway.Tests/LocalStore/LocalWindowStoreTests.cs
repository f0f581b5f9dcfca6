using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.LocalStore;

public sealed class LocalWindowStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Returns_windows_of_a_channel_whose_start_lies_in_the_range()
    {
        using var store = Open();
        var t0 = Now.ToUnixTimeMilliseconds() - 3_600_000;
        await store.StoreAsync([Window("dev-a", t0, 21), Window("dev-a", t0 + 60_000, 22), Window("dev-b", t0 + 60_000, 30), Window("dev-a", t0 + 120_000, 23)],
            TestContext.Current.CancellationToken);

        var found = await store.QueryAsync(new WindowQuery("temp", t0 + 60_000, t0 + 120_000), TestContext.Current.CancellationToken);

        Assert.Equal([("dev-a", t0 + 60_000), ("dev-b", t0 + 60_000)], found.Select(w => (w.SourceId, w.WindowStartMs)));
        Assert.Equal([22L, 30L], found.Select(w => w.Summary.Mean));
        Assert.Empty(store.Query(new WindowQuery("press", t0, t0 + 180_000)));
    }

    [Fact]
    public async Task Filters_a_query_by_source()
    {
        using var store = Open();
        var t0 = Now.ToUnixTimeMilliseconds() - 3_600_000;
        await store.StoreAsync([Window("dev-a", t0, 21), Window("dev-b", t0, 30), Window("dev-b", t0 + 60_000, 31)], TestContext.Current.CancellationToken);

        var found = store.Query(new WindowQuery("temp", t0, t0 + 3_600_000, SourceId: "dev-b"));

        Assert.Equal([30L, 31L], found.Select(w => w.Summary.Mean));
        Assert.All(found, w => Assert.Equal("dev-b", w.SourceId));
    }

    [Fact]
    public async Task Keeps_every_field_of_a_channel_window()
    {
        using var store = Open();
        var t0 = Now.ToUnixTimeMilliseconds() - 60_000;
        var channel = new ChannelSummary("press", "hPa", -1, 60, 10_120, 10_135, 10_128, 17);
        await store.StoreAsync([new WindowSummary("gw-01", t0, 60_000, [channel])], TestContext.Current.CancellationToken);

        var stored = Assert.Single(store.Query(new WindowQuery("press", t0, t0 + 1)));

        Assert.Equal(new StoredWindow("gw-01", t0, 60_000, channel), stored);
    }

    [Fact]
    public async Task Stores_a_duplicate_window_once()
    {
        using var store = Open();
        var t0 = Now.ToUnixTimeMilliseconds() - 60_000;

        var first = await store.StoreAsync([Window("dev-a", t0, 21)], TestContext.Current.CancellationToken);
        var again = await store.StoreAsync([Window("dev-a", t0, 21), Window("dev-a", t0, 99)], TestContext.Current.CancellationToken);

        Assert.Equal((2, 0), (first.Stored, first.Duplicates));
        Assert.Equal((0, 4), (again.Stored, again.Duplicates));
        var stored = Assert.Single(store.Query(new WindowQuery("temp", t0, t0 + 1)));
        Assert.Equal(21, stored.Summary.Mean);
    }

    [Fact]
    public async Task Prunes_windows_past_retention_as_the_clock_moves()
    {
        using var store = Open(o => o.Retention = TimeSpan.FromDays(7));
        var t0 = Now.ToUnixTimeMilliseconds();
        await store.StoreAsync([Window("dev-a", t0 - TimeSpan.FromDays(6).Ticks / 10_000, 1), Window("dev-a", t0, 2)], TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var pruned = await store.PruneAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, pruned); // both channels of the six-day-old window
        Assert.Equal([2L], store.Query(new WindowQuery("temp", 0, long.MaxValue)).Select(w => w.Summary.Mean));
    }

    [Fact]
    public async Task Skips_windows_already_past_retention()
    {
        using var store = Open();
        var old = (Now - TimeSpan.FromDays(8)).ToUnixTimeMilliseconds();

        var result = await store.StoreAsync([Window("dev-a", old, 1)], TestContext.Current.CancellationToken);

        Assert.Equal((0, 2), (result.Stored, result.Expired));
        Assert.Empty(store.Query(new WindowQuery("temp", 0, long.MaxValue)));
    }

    [Fact]
    public async Task Keeps_the_used_bytes_under_the_bound_by_pruning_the_oldest_windows_first()
    {
        const long Bound = 256 * 1024;
        using var store = Open(o => o.MaxBytes = Bound);
        var t0 = Now.ToUnixTimeMilliseconds() - TimeSpan.FromDays(5).Ticks / 10_000;
        long pruned = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            var windows = Enumerable.Range(0, 100).Select(i => Window($"dev-{i % 10}", t0 + (((batch * 10) + (i / 10)) * 60_000L), batch)).ToList();
            pruned += (await store.StoreAsync(windows, TestContext.Current.CancellationToken)).Pruned;
        }

        var kept = store.Query(new WindowQuery("temp", 0, long.MaxValue));
        Assert.True(pruned > 0, "the bound should have forced pruning");
        Assert.True(store.GetUsedBytes() <= Bound, $"used {store.GetUsedBytes()} bytes, bound {Bound}");
        Assert.Equal(39, kept[^1].Summary.Mean); // the newest batch is all there
        Assert.Equal(100, kept.Count(w => w.Summary.Mean == 39));
        Assert.True(kept[0].WindowStartMs > t0, "the oldest windows go first");
        Assert.Equal(kept.OrderBy(w => w.WindowStartMs).Select(w => w.WindowStartMs), kept.Select(w => w.WindowStartMs));
    }

    [Fact]
    public void Refuses_options_naming_the_bad_setting()
    {
        var options = new LocalStoreOptions { DatabasePath = "", Retention = TimeSpan.Zero, MaxBytes = 10 };

        var error = Assert.Throws<ArgumentException>(() => new LocalWindowStore(options, _clock));

        Assert.Contains("LocalStoreOptions.DatabasePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("LocalStoreOptions.Retention", error.Message, StringComparison.Ordinal);
        Assert.Contains("LocalStoreOptions.MaxBytes", error.Message, StringComparison.Ordinal);
    }

    private LocalWindowStore Open(Action<LocalStoreOptions>? configure = null)
    {
        var options = new LocalStoreOptions { DatabasePath = _database.Path };
        configure?.Invoke(options);
        return new LocalWindowStore(options, _clock);
    }

    internal static WindowSummary Window(string source, long startMs, long mean) => new(source, startMs, 60_000,
    [
        new ChannelSummary("temp", "Cel", -2, 60, mean - 1, mean + 1, mean, 4),
        new ChannelSummary("hum", "%RH", 0, 60, 40, 42, 41, 1),
    ]);
}
