using EdgeCompute.Coordinator.Domain.Epochs.Quality;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public sealed class DataQualityCheckerTests
{
    private const long Minute = 60_000;
    private static readonly DataQualityChecker Checker = new();

    /// <summary>A window of 10 readings spread ±1 around <paramref name="mean"/>.</summary>
    private static SensorWindow W(string device, int minute, double mean, string channel = "temp", string gateway = "gw-1", long count = 10) =>
        new(device, $"owner-of-{device}", true, gateway, channel, minute * Minute, count, mean - 1, mean + 1, mean);

    private static SensorWindow Flat(string device, int minute, double value) => new(device, "o", true, "gw-1", "temp", minute * Minute, 10, value, value, value);

    private static DeviceDataQuality Of(DataQualityReport report, string device) => report.Devices.Single(d => d.Device == device);

    [Fact]
    public void Clean_windows_all_qualify()
    {
        var report = Checker.Check(Enumerable.Range(0, 5).Select(m => W("a", m, 20 + m)));

        var a = Assert.Single(report.Devices);
        Assert.Equal(("a", "owner-of-a", true, 50L, 50L), (a.Device, a.Owner, a.Approved, a.SubmittedReadings, a.QualifiedReadings));
        Assert.Equal(QualityRejections.None, a.Rejections);
    }

    [Fact]
    public void Range_check_rejects_windows_outside_the_channel_limits_and_skips_unknown_channels()
    {
        var report = Checker.Check([
            W("a", 0, 21),                                            // 20..22 °C: fine
            new("a", "o", true, "gw-1", "temp", Minute, 10, -45, -30, -40), // min below −40 °C
            new("a", "o", true, "gw-1", "temp", 2 * Minute, 10, 80, 86, 83), // max above 85 °C
            W("a", 0, 101, channel: "hum"),                            // max 102 %RH
            W("a", 0, 1_050, channel: "press"),                        // fine
            W("a", 1, 250, channel: "press"),                          // below 300 hPa
            W("a", 0, 99_999, channel: "co2"),                         // no limits: kept
            new("a", "o", true, "gw-1", "co2", Minute, 10, double.NaN, 1, 1), // not a number: rejected even without limits
        ]);

        var a = Of(report, "a");
        Assert.Equal(80, a.SubmittedReadings);
        Assert.Equal(50, a.Rejections.Range);
        Assert.Equal(30, a.QualifiedReadings);
    }

    [Fact]
    public void Stuck_check_rejects_runs_of_identical_flat_windows_of_at_least_the_limit()
    {
        var report = Checker.Check([
            .. Enumerable.Range(0, 6).Select(m => Flat("stuck", m, 21.5)),                  // 6 identical flat windows: stuck
            .. Enumerable.Range(0, 4).Select(m => Flat("short", m, 21.5)),                  // only 4: kept
            .. Enumerable.Range(0, 5).Select(m => Flat("moving", m, m < 3 ? 21.5 : 22.0)),  // runs of 3 and 2: kept
            .. Enumerable.Range(0, 5).Select(m => W("noisy", m, 21.5)),                     // same mean but min < max: kept
        ]);

        Assert.Equal((60L, 0L), (Of(report, "stuck").Rejections.Stuck, Of(report, "stuck").QualifiedReadings));
        Assert.Equal(40, Of(report, "short").QualifiedReadings);
        Assert.Equal(50, Of(report, "moving").QualifiedReadings);
        Assert.Equal(50, Of(report, "noisy").QualifiedReadings);
    }

    [Fact]
    public void Jump_check_rejects_the_later_window_of_each_jump_between_adjacent_windows()
    {
        // means 20, 21, 30, 29, 22: jumps of 9 (into window 2) and 7 (into window 4) exceed 5 °C
        var report = Checker.Check([W("a", 0, 20), W("a", 1, 21), W("a", 2, 30), W("a", 3, 29), W("a", 4, 22)]);

        var a = Of(report, "a");
        Assert.Equal(20, a.Rejections.Jump);
        Assert.Equal(30, a.QualifiedReadings);
    }

    [Fact]
    public void Gaps_within_the_tolerance_cost_nothing_and_beyond_it_scale_the_readings()
    {
        int[] AllBut(params int[] missing) => Enumerable.Range(0, 10).Except(missing).ToArray();
        var report = Checker.Check([
            .. AllBut(3).Select(m => W("one-gap", m, 20)),        // 1 of 10 missing: within 10 %
            .. AllBut(3, 4).Select(m => W("two-gaps", m, 20)),    // 2 of 10 missing: 80 × 8/10 = 64
            W("sparse", 0, 20), W("sparse", 10, 40),              // 2 of 11 present: 20 × 2/11 = 3; 10 min apart, so no jump
        ]);

        Assert.Equal((90L, 0L), (Of(report, "one-gap").QualifiedReadings, Of(report, "one-gap").Rejections.Gap));
        Assert.Equal((64L, 16L), (Of(report, "two-gaps").QualifiedReadings, Of(report, "two-gaps").Rejections.Gap));
        Assert.Equal((3L, 17L, 0L), (Of(report, "sparse").QualifiedReadings, Of(report, "sparse").Rejections.Gap, Of(report, "sparse").Rejections.Jump));
    }

    [Fact]
    public void Neighbour_check_rejects_a_device_far_from_the_others_behind_its_gateway()
    {
        var report = Checker.Check([
            W("a", 0, 20), W("b", 0, 21), W("c", 0, 20.5), W("d", 0, 30),   // d: 9.5 from the median 20.5 of a, b, c
            W("e", 0, 20, gateway: "gw-2"), W("f", 0, 35, gateway: "gw-2"),   // two devices: not checked
            W("g", 0, 20, gateway: "gw-3"), W("h", 0, 20, gateway: "gw-3"), W("i", 0, 30, gateway: "gw-3"), // i is out; g, h stay
            W("j", 0, 99_999, "co2"), W("k", 0, 1, "co2"), W("l", 0, 2, "co2"), // no limits: not checked
        ]);

        Assert.Equal(["d", "i"], report.Devices.Where(d => d.Rejections.Neighbour > 0).Select(d => d.Device));
        Assert.Equal(10, Of(report, "d").Rejections.Neighbour);
        Assert.All(report.Devices.Where(d => d.Device is not ("d" or "i")), d => Assert.Equal(10, d.QualifiedReadings));
    }

    [Fact]
    public void A_window_stored_twice_counts_once_and_each_window_is_rejected_by_one_check()
    {
        var report = Checker.Check([W("a", 0, 20), W("a", 0, 20), new("a", "o", true, "gw-1", "temp", Minute, 10, 90, 90, 90)]);

        var a = Of(report, "a");
        Assert.Equal(30, a.SubmittedReadings);
        Assert.Equal(new QualityRejections(Duplicate: 10, Range: 10, Stuck: 0, Jump: 0, Neighbour: 0, Gap: 0), a.Rejections);
        Assert.Equal(10, a.QualifiedReadings);
        Assert.Equal(a.SubmittedReadings, a.QualifiedReadings + a.Rejections.Total);
        Assert.Equal(10, report.QualifiedReadings);
    }

    [Fact]
    public void Options_are_validated_naming_the_setting()
    {
        Assert.True(new DataQualityOptions().Validate().IsValid);
        Assert.Equal(nameof(DataQualityOptions.WindowLength), new DataQualityOptions { WindowLength = TimeSpan.Zero }.Validate().Setting);
        Assert.Equal(nameof(DataQualityOptions.StuckWindows), new DataQualityOptions { StuckWindows = 1 }.Validate().Setting);
        Assert.Equal(nameof(DataQualityOptions.GapTolerance), new DataQualityOptions { GapTolerance = 1.5 }.Validate().Setting);
        Assert.Equal(nameof(DataQualityOptions.NeighbourMinDevices), new DataQualityOptions { NeighbourMinDevices = 2 }.Validate().Setting);
        var badLimits = new DataQualityOptions { Channels = new Dictionary<string, ChannelQualityLimits> { ["temp"] = new(10, 5, 1, 1) } };
        Assert.Equal(nameof(DataQualityOptions.Channels), badLimits.Validate().Setting);
        Assert.Throws<ArgumentException>(() => new DataQualityChecker(badLimits));
        Assert.Throws<ArgumentOutOfRangeException>(() => Checker.Check([W("a", 0, 20, count: -1)]));
    }
}
