using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Epochs;

/// <summary>
/// Closes epochs against the stores: reads what committed in the epoch's window — verified work credits (cost units),
/// what ended jobs were charged (their fees), telemetry windows turned into data credits by <see cref="DataQualityChecker"/> — maps owners
/// to their registry payout accounts, pins the ledger head, runs <see cref="EpochCloser"/> with the coordinator key and
/// books the payouts and the signed statement through <see cref="ILedgerStore.CloseEpochAsync"/> in one transaction.
/// Each device's data quality verdict is kept (when the telemetry store is an <see cref="IDeviceQualityStore"/>) just
/// before the booking, replacing what an earlier attempt at the same epoch kept.
/// Idempotent across calls and replicas: an epoch with a stored statement returns it and pays nothing.
/// </summary>
public sealed class EpochSettlement
{
    private readonly EpochPolicy _policy;
    private readonly EpochClock _clock;
    private readonly Func<Func<ECDsa, EpochCloseResult>, EpochCloseResult> _withKey;
    private readonly FleetRegistry _registry;
    private readonly ILedgerStore _ledger;
    private readonly IWorkCreditReader _work;
    private readonly ITelemetryWindowReader _telemetry;
    private readonly EpochSettlementOptions _options;
    private readonly DataQualityChecker _quality;

    /// <summary>Creates the settlement, signing with the registry's coordinator key.</summary>
    /// <param name="policy">A valid epoch policy.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    /// <param name="registry">Owners' payout accounts, devices' owners, gateways and approval, and the coordinator key.</param>
    /// <param name="ledger">The ledger store.</param>
    /// <param name="work">The work store's credit reader.</param>
    /// <param name="telemetry">The telemetry store's window reader.</param>
    /// <param name="options">Reading and booking options; null for the defaults.</param>
    public EpochSettlement(EpochPolicy policy, TimeProvider time, FleetRegistry registry, ILedgerStore ledger, IWorkCreditReader work,
        ITelemetryWindowReader telemetry, EpochSettlementOptions? options = null)
        : this(policy, time, SignWith(registry), registry, ledger, work, telemetry, options)
    {
    }

    /// <summary>Creates the settlement, signing with <paramref name="coordinatorKey"/> (one signing at a time).</summary>
    /// <param name="policy">A valid epoch policy.</param>
    /// <param name="time">The clock.</param>
    /// <param name="coordinatorKey">The coordinator's P-256 signing key; the caller owns it.</param>
    /// <param name="registry">Owners' payout accounts and devices.</param>
    /// <param name="ledger">The ledger store.</param>
    /// <param name="work">The work store's credit reader.</param>
    /// <param name="telemetry">The telemetry store's window reader.</param>
    /// <param name="options">Reading and booking options; null for the defaults.</param>
    public EpochSettlement(EpochPolicy policy, TimeProvider time, ECDsa coordinatorKey, FleetRegistry registry, ILedgerStore ledger, IWorkCreditReader work,
        ITelemetryWindowReader telemetry, EpochSettlementOptions? options = null)
        : this(policy, time, WithLock(coordinatorKey ?? throw new ArgumentNullException(nameof(coordinatorKey))), registry, ledger, work, telemetry, options)
    {
    }

    private EpochSettlement(EpochPolicy policy, TimeProvider time, Func<Func<ECDsa, EpochCloseResult>, EpochCloseResult> withKey, FleetRegistry registry,
        ILedgerStore ledger, IWorkCreditReader work, ITelemetryWindowReader telemetry, EpochSettlementOptions? options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(telemetry);
        _policy = policy;
        _clock = new EpochClock(policy, time);
        _withKey = withKey;
        _registry = registry;
        _ledger = ledger;
        _work = work;
        _telemetry = telemetry;
        _options = options ?? new EpochSettlementOptions();
        _quality = new DataQualityChecker(_options.DataQuality);
    }

    /// <summary>Closes epoch <paramref name="epochId"/>, or returns its stored statement.</summary>
    /// <param name="epochId">The epoch; 0 or more.</param>
    /// <param name="cancellationToken">Cancels the reads and the booking (nothing is booked then).</param>
    /// <returns>The outcome with its reason code.</returns>
    public async Task<EpochSettlementResult> CloseAsync(long epochId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochId);
        var window = _clock.Window(epochId);
        var stored = await _ledger.ReadStatementAsync(epochId, cancellationToken).ConfigureAwait(false);
        if (stored is not null) return AlreadyClosed(stored, null);
        if (!_clock.HasEnded(window))
            return new EpochSettlementResult(epochId, EpochSettlementReason.EpochNotOver, null, null, null, null, null,
                $"epoch {epochId} ends at {window.End:O}, now is {_clock.UtcNow:O}");

        var fromMs = window.Start.ToUnixTimeMilliseconds();
        var toMs = window.End.ToUnixTimeMilliseconds();
        var work = await ReadWorkAsync(fromMs, toMs, cancellationToken).ConfigureAwait(false);
        var fees = await ReadFeesAsync(fromMs, toMs, cancellationToken).ConfigureAwait(false);
        var windows = await ReadWindowsAsync(fromMs, toMs, cancellationToken).ConfigureAwait(false);
        if (windows is null)
            return new EpochSettlementResult(epochId, EpochSettlementReason.TooMuchTelemetry, null, null, null, null, null,
                $"epoch {epochId} holds more than {_options.MaxTelemetryWindows} telemetry windows");
        var quality = _quality.Check(windows);
        var data = quality.Devices.Select(d => d.ToDataCredit(window.Start)).ToList();
        var head = await _ledger.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        var inputs = new EpochInputs(work, data, fees, LedgerChainHead.Create(head.Sequence, head.Hash.Bytes));

        var close = _withKey(key => new EpochCloser(_policy, _clock, key).Close(window, inputs, null));
        if (close.Reason != EpochCloseReason.Closed || close.Statement is null || close.Plan is null)
            return new EpochSettlementResult(epochId, EpochSettlementReason.EpochNotOver, null, null, null, quality, null, close.Detail);

        if (_telemetry is IDeviceQualityStore kept)
        {
            // Before the booking: a crash between the two leaves verdicts the re-run replaces; after it, nothing would store them.
            await kept.WriteDeviceQualityAsync(epochId, quality.Devices, cancellationToken).ConfigureAwait(false);
        }

        var payouts = EpochPayoutTransfers.Build(close.Plan, _options.MaxOwnersPerEntry);
        var booking = await _ledger.CloseEpochAsync(close.Statement, payouts, cancellationToken).ConfigureAwait(false);
        if (booking.Reason == EpochCloseBookingReason.Booked) Runtime.FailPoint.Reach(Runtime.FailPoint.EpochCloseAfterCommit);
        return booking.Reason switch
        {
            EpochCloseBookingReason.Booked => new EpochSettlementResult(epochId, EpochSettlementReason.Closed, booking.Statement, close.Plan,
                MetricsOf(booking.Statement), quality, booking, $"{close.Detail}; {payouts.Count} payout entries booked"),
            EpochCloseBookingReason.AlreadyClosed => AlreadyClosed(booking.Statement, booking),
            _ => new EpochSettlementResult(epochId, EpochSettlementReason.LedgerRefused, null, null, null, quality, booking,
                $"the ledger refused the payouts of epoch {epochId}: {booking.Append?.ReasonCode}; nothing was booked"),
        };
    }

    /// <summary>
    /// Closes, in order, every epoch that has ended and is not closed, from the one after the last closed epoch (or
    /// <see cref="EpochSettlementOptions.FirstEpochId"/>), at most <see cref="EpochSettlementOptions.MaxEpochsPerRun"/>;
    /// stops at the first that cannot be closed.
    /// </summary>
    /// <param name="cancellationToken">Cancels between and inside closes.</param>
    /// <returns>One result per epoch tried, in order (empty when nothing is due).</returns>
    public async Task<IReadOnlyList<EpochSettlementResult>> CloseDueAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<EpochSettlementResult>();
        if (_clock.UtcNow < _policy.Genesis) return results;
        var last = await _ledger.ReadLastClosedEpochAsync(cancellationToken).ConfigureAwait(false);
        var next = last is { } l ? l + 1 : await FirstEpochToCloseAsync(cancellationToken).ConfigureAwait(false);
        var current = _clock.Current.Id;
        while (next < current && results.Count < _options.MaxEpochsPerRun)
        {
            var result = await CloseAsync(next, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (!result.IsSuccess) break;
            next++;
        }
        return results;
    }

    /// <summary>
    /// With no epoch closed yet: <see cref="EpochSettlementOptions.FirstEpochId"/>, or the epoch the ledger's first entry was
    /// booked in when that is earlier — a run that started in an epoch, booked in it and stopped (or crashed while closing it)
    /// before the epoch was closed must not let the next run, which starts later, skip it. The epoch is the one this policy
    /// puts the entry's time in, not the id written on the entry: a deposit booked with <c>edgecompute ledger deposit</c> and
    /// another <c>--epoch-length</c> carries an id of another scale (day 20,793 rather than minute 29,941,000), which would
    /// send the closer back through millions of empty epochs. Once an epoch is closed, closing continues from the one after
    /// it, however long the coordinator was down.
    /// </summary>
    private async Task<long> FirstEpochToCloseAsync(CancellationToken cancellationToken)
    {
        var first = await _ledger.ReadEntriesAsync(1, 1, cancellationToken).ConfigureAwait(false);
        return first.Count == 1 ? Math.Min(_options.FirstEpochId, _clock.EpochAt(first[0].Timestamp).Id) : _options.FirstEpochId;
    }

    private static Func<Func<ECDsa, EpochCloseResult>, EpochCloseResult> SignWith(FleetRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.SignWithCoordinatorKey;
    }

    private static Func<Func<ECDsa, EpochCloseResult>, EpochCloseResult> WithLock(ECDsa key) => sign =>
    {
        lock (key)
        {
            return sign(key);
        }
    };

    private static EpochSettlementResult AlreadyClosed(EpochStatement statement, EpochCloseBooking? booking) =>
        new(statement.EpochId, EpochSettlementReason.AlreadyClosed, statement, null, MetricsOf(statement), null, booking,
            $"epoch {statement.EpochId} was already closed; nothing is paid again");

    private static PayoutMetrics MetricsOf(EpochStatement statement) => PayoutMetricsCalculator.Compute(statement.Payouts.Select(l => l.Amount));

    // One ledger account per owner, owner:{owner id}: what it earns and what it spends on jobs. The registry's payout
    // account is where the operator sends withdrawals outside the network; it is not a ledger account.
    private static string PayoutAccountOf(string ownerId) => ownerId;

    private async Task<List<WorkCredit>> ReadWorkAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var credits = await _work.ReadWorkCreditsAsync(fromMs, toMs, cancellationToken).ConfigureAwait(false);
        return credits.Select(c => new WorkCredit(PayoutAccountOf(c.Owner), c.NodeId, c.CostUnits, DateTimeOffset.FromUnixTimeMilliseconds(c.VerifiedMs))).ToList();
    }

    private async Task<List<VerifiedJobFee>> ReadFeesAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var jobs = await _work.ReadEndedJobsAsync(fromMs, toMs, cancellationToken).ConfigureAwait(false);
        // what an ended job paid into the fee pool: a priced job its charge, whether it completed, failed or was cancelled (the rest
        // of its escrow went back); an older job its flat fee when it completed (the verified share of an older cancelled job stays
        // in the pool, as it did before jobs were priced)
        return jobs.Where(j => j.FinishedMs is not null)
            .Select(j => new VerifiedJobFee(j.JobId, Charged(j), DateTimeOffset.FromUnixTimeMilliseconds(j.FinishedMs!.Value)))
            .Where(f => f.Fee > 0)
            .ToList();
    }

    private static long Charged(JobRecord job) => job.IsPriced
        ? Domain.Pricing.JobCharge.Of(job).Charged
        : job.Status == JobStatus.Completed ? job.Fee : 0;

    /// <summary>The epoch's windows of registered devices (gateways' own sensors and unknown sources earn no data credits); null when there are too many.</summary>
    private async Task<List<SensorWindow>?> ReadWindowsAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var windows = new List<SensorWindow>();
        var read = 0L;
        TelemetryWindowCursor? cursor = null;
        do
        {
            var page = await _telemetry.ReadWindowSummariesAsync(fromMs, toMs, cursor, _options.TelemetryPageSize, cancellationToken).ConfigureAwait(false);
            read += page.Windows.Count;
            if (read > _options.MaxTelemetryWindows) return null;
            foreach (var point in page.Windows)
            {
                if (_registry.FindDevice(point.Source, out var device) != RegistryLookup.Found) continue;
                var scale = Math.Pow(10, point.Exponent);
                windows.Add(new SensorWindow(device!.Id, PayoutAccountOf(device.OwnerId), device.ApprovedForDataRewards, device.HomeGatewayId, point.Channel,
                    point.TimeMs, point.Count, point.Min * scale, point.Max * scale, point.Mean * scale));
            }
            cursor = page.Next;
        }
        while (cursor is not null);
        return windows;
    }
}
