namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>
/// Decides which sensor readings of one epoch earn data rewards. Per (device, channel) series, ordered by window start,
/// each window is rejected by the first check it fails:
/// <list type="number">
/// <item><description>Duplicate: a second window with the same start (the first one received counts).</description></item>
/// <item><description>Range: min or max outside the channel's limits, or a value that is not a finite number.</description></item>
/// <item><description>Stuck: part of a run of at least <see cref="DataQualityOptions.StuckWindows"/> consecutive windows
/// with <c>min = max</c> and the same mean.</description></item>
/// <item><description>Jump: the mean changed by more than the channel's <c>MaxJump</c> from the window one window length
/// before (when that window exists and passed the range check); the later window is rejected.</description></item>
/// <item><description>Neighbour: behind the same gateway, in the same window, when at least
/// <see cref="DataQualityOptions.NeighbourMinDevices"/> devices report the channel (range-passed), the mean is further
/// than the channel's <c>NeighbourTolerance</c> from the median of the other devices' means (with an even number of
/// others, the middle value nearer to the device's own mean, so one outlier among three cannot reject a good device).</description></item>
/// </list>
/// Then gaps: a series that received <c>present</c> of the <c>expected = (last − first) / length + 1</c> windows and misses
/// more than <see cref="DataQualityOptions.GapTolerance"/> of them keeps <c>⌊qualified · present / expected⌋</c> readings.
/// Channels without limits skip range, jump and neighbour checks. Pure and deterministic; quality is not money, so
/// doubles are fine here, but the output is integer readings.
/// </summary>
public sealed class DataQualityChecker
{
    private readonly DataQualityOptions _options;
    private readonly long _windowMs;

    /// <summary>Creates the checker.</summary>
    /// <param name="options">Valid options; null for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names the setting.</exception>
    public DataQualityChecker(DataQualityOptions? options = null)
    {
        _options = options ?? new DataQualityOptions();
        var validation = _options.Validate();
        if (!validation.IsValid) throw new ArgumentException(validation.ToString(), nameof(options));
        _windowMs = (long)_options.WindowLength.TotalMilliseconds;
    }

    /// <summary>Checks one epoch's windows.</summary>
    /// <param name="windows">Every window summary of the epoch, any order.</param>
    /// <returns>One verdict per device.</returns>
    /// <exception cref="ArgumentException">A window without device or channel, or with a negative count.</exception>
    public DataQualityReport Check(IEnumerable<SensorWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var all = new List<Judged>();
        foreach (var window in windows)
        {
            ArgumentNullException.ThrowIfNull(window, nameof(windows));
            ArgumentException.ThrowIfNullOrEmpty(window.Device, nameof(windows));
            ArgumentException.ThrowIfNullOrEmpty(window.Channel, nameof(windows));
            ArgumentOutOfRangeException.ThrowIfNegative(window.Count, nameof(windows));
            all.Add(new Judged(window));
        }

        var series = all.GroupBy(j => (j.Window.Device, j.Window.Channel))
            .Select(g => g.OrderBy(j => j.Window.WindowStartMs).ToList()) // stable: the first received of equal starts stays first
            .ToList();
        foreach (var s in series) JudgeSeries(s);
        JudgeNeighbours(all);

        var devices = new Dictionary<string, (SensorWindow First, long Submitted, long Qualified, QualityRejections Rejections)>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            var (qualified, rejections) = Tally(s);
            var device = s[0].Window.Device;
            var submitted = s.Sum(j => j.Window.Count);
            devices[device] = devices.TryGetValue(device, out var d)
                ? (d.First, checked(d.Submitted + submitted), checked(d.Qualified + qualified), d.Rejections.Plus(rejections))
                : (all.First(j => j.Window.Device == device).Window, submitted, qualified, rejections);
        }

        return new DataQualityReport(devices.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new DeviceDataQuality(d.Key, d.Value.First.Owner, d.Value.First.Approved, d.Value.Submitted, d.Value.Qualified, d.Value.Rejections))
            .ToList());
    }

    private void JudgeSeries(List<Judged> series)
    {
        var limits = _options.Channels.GetValueOrDefault(series[0].Window.Channel);
        var kept = new List<Judged>(series.Count);
        foreach (var judged in series)
        {
            if (kept.Count > 0 && kept[^1].Window.WindowStartMs == judged.Window.WindowStartMs) judged.Verdict = Verdict.Duplicate;
            else kept.Add(judged);
        }

        foreach (var judged in kept)
        {
            var w = judged.Window;
            var finite = double.IsFinite(w.Min) && double.IsFinite(w.Max) && double.IsFinite(w.Mean);
            if (!finite || (limits is not null && (w.Min < limits.Min || w.Max > limits.Max))) judged.Verdict = Verdict.Range;
        }

        MarkStuckRuns(kept);

        if (limits is null) return;
        for (var i = 1; i < kept.Count; i++)
        {
            var (previous, current) = (kept[i - 1], kept[i]);
            if (current.Verdict != Verdict.Qualified || previous.Verdict == Verdict.Range) continue;
            if (current.Window.WindowStartMs - previous.Window.WindowStartMs != _windowMs) continue;
            if (Math.Abs(current.Window.Mean - previous.Window.Mean) > limits.MaxJump) current.Verdict = Verdict.Jump;
        }
    }

    private void MarkStuckRuns(List<Judged> kept)
    {
        var runStart = 0;
        for (var i = 0; i <= kept.Count; i++)
        {
            var continues = i < kept.Count && i > runStart && IsFlat(kept[i].Window) && IsFlat(kept[runStart].Window)
                && kept[i].Window.Mean == kept[runStart].Window.Mean;
            if (continues) continue;
            if (i - runStart >= _options.StuckWindows && IsFlat(kept[runStart].Window))
            {
                for (var k = runStart; k < i; k++)
                {
                    if (kept[k].Verdict == Verdict.Qualified) kept[k].Verdict = Verdict.Stuck;
                }
            }
            runStart = i;
        }
    }

    private static bool IsFlat(SensorWindow window) => window.Min == window.Max;

    private void JudgeNeighbours(List<Judged> all)
    {
        var groups = all
            .Where(j => j.Verdict is not (Verdict.Duplicate or Verdict.Range) && _options.Channels.ContainsKey(j.Window.Channel))
            .GroupBy(j => (j.Window.Gateway, j.Window.Channel, j.Window.WindowStartMs));
        foreach (var group in groups)
        {
            var members = group.ToList();
            if (members.Count < _options.NeighbourMinDevices) continue;
            var tolerance = _options.Channels[group.Key.Channel].NeighbourTolerance;
            var flagged = new List<Judged>();
            foreach (var member in members)
            {
                var median = MedianNear(members.Where(m => !ReferenceEquals(m, member)).Select(m => m.Window.Mean).ToList(), member.Window.Mean);
                if (Math.Abs(member.Window.Mean - median) > tolerance) flagged.Add(member);
            }
            // judged against the group as received, then marked, so the order of devices does not matter
            foreach (var member in flagged)
            {
                if (member.Verdict == Verdict.Qualified) member.Verdict = Verdict.Neighbour;
            }
        }
    }

    /// <summary>
    /// The median of <paramref name="values"/>; with an even count, the middle value nearer to <paramref name="own"/>
    /// rather than their average, so with three devices one outlier cannot drag a good device out with it.
    /// </summary>
    private static double MedianNear(List<double> values, double own)
    {
        values.Sort();
        var middle = values.Count / 2;
        if (values.Count % 2 == 1) return values[middle];
        var (low, high) = (values[middle - 1], values[middle]);
        return Math.Abs(own - low) <= Math.Abs(own - high) ? low : high;
    }

    private (long Qualified, QualityRejections Rejections) Tally(List<Judged> series)
    {
        long Sum(Verdict verdict) => series.Where(j => j.Verdict == verdict).Sum(j => j.Window.Count);
        var qualified = Sum(Verdict.Qualified);
        var starts = series.Where(j => j.Verdict != Verdict.Duplicate).Select(j => j.Window.WindowStartMs).ToList();
        var expected = (starts[^1] - starts[0]) / _windowMs + 1;
        var present = starts.Count;
        long gap = 0;
        if (present < expected && expected - present > _options.GapTolerance * expected)
        {
            var kept = (long)((Int128)qualified * present / expected);
            gap = qualified - kept;
            qualified = kept;
        }
        return (qualified, new QualityRejections(Sum(Verdict.Duplicate), Sum(Verdict.Range), Sum(Verdict.Stuck), Sum(Verdict.Jump), Sum(Verdict.Neighbour), gap));
    }

    private enum Verdict
    {
        Qualified,
        Duplicate,
        Range,
        Stuck,
        Jump,
        Neighbour,
    }

    private sealed class Judged(SensorWindow window)
    {
        public SensorWindow Window { get; } = window;

        public Verdict Verdict { get; set; }
    }
}
