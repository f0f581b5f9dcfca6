using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Settlement;

/// <summary>Closing epochs end to end on a fake clock, with the real SQLite ledger and telemetry stores and an in-memory work reader.</summary>
public sealed class EpochSettlementTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Genesis = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Submitter = AccountId.Owner("submitter");

    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-settlement-").FullName;
    private readonly FakeTimeProvider _time = new(Genesis.AddMinutes(5));
    private readonly FakeWorkCreditReader _work = new();
    private readonly FleetRegistry _registry = new(FleetProvisioner.Create(new FleetSpec(3, 1, 4)).Coordinator);
    private readonly EpochPolicy _policy = new()
    {
        Genesis = Genesis,
        EpochLength = TimeSpan.FromHours(1),
        EmissionPerEpoch = 1_000_000,
        OwnerShareCapBasisPoints = 10_000,
        DataRewardCapPerDevice = long.MaxValue,
    };

    private SqliteLedgerStore _ledger = null!;
    private SqliteTelemetryStore _telemetry = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ledger = await SqliteLedgerStore.OpenAsync(Path.Combine(_folder, "ledger.db"), _time, Ct);
        _telemetry = await SqliteTelemetryStore.OpenAsync(Path.Combine(_folder, "telemetry.db"), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await _telemetry.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private EpochSettlement Settlement(EpochSettlementOptions? options = null) => new(_policy, _time, _registry, _ledger, _work, _telemetry, options);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private async Task BookAsync(LedgerTransfer transfer) => Assert.True((await _ledger.AppendAsync([transfer], cancellationToken: Ct)).IsSuccess, transfer.IdempotencyKey);

    /// <summary>Epoch 0: a funded and verified job (fee 5,000), work by two owners' devices, and ten minutes of telemetry from every device.</summary>
    private async Task PrepareEpoch0Async()
    {
        await BookAsync(Deposits.Credit(Deposits.KeyFor("wire-1"), Submitter, 20_000, 0));
        await BookAsync(JobFunds.Escrow("job-1", Submitter, 5_000, 0));
        await BookAsync(JobFunds.Settle("job-1", 5_000, 0));
        _work.Jobs.Add(new JobRecord("job-1", "pow", "{}", "submitter", 5_000, JobStatus.Completed, "{}", Ms(Genesis.AddMinutes(1)), Ms(Genesis.AddMinutes(30)), ""));
        var devices = _registry.Devices;
        _work.Credits.Add(new WorkCreditRecord("job-1.0", 0, devices[0].Id, devices[0].OwnerId, 300, Ms(Genesis.AddMinutes(20))));
        _work.Credits.Add(new WorkCreditRecord("job-1.0", 1, devices[1].Id, devices[1].OwnerId, 100, Ms(Genesis.AddMinutes(21))));

        var frames = new List<TelemetryFrameRecord>();
        for (var d = 0; d < devices.Count; d++)
        {
            for (var minute = 0; minute < 10; minute++)
            {
                var start = Ms(Genesis.AddMinutes(minute));
                var mean = 2_100 + (10 * d) + minute; // 0.01 °C: 21.00 °C and up, no jumps, neighbours within 3 °C
                frames.Add(new TelemetryFrameRecord(devices[d].Id, 1, (uint)minute, PayloadHash.Of([(byte)d, (byte)minute]), 1, start, 6,
                    [new TelemetryPoint(devices[d].Id, "temp", "Cel", -2, start, 60_000, 6, mean - 20, mean + 20, mean, 9)]));
            }
        }
        await _telemetry.CommitBatchAsync(new TelemetryBatch("gw-01", 1, 1, PayloadHash.Of([1]), Ms(Genesis), frames, [], 0, [], []), Ct);
    }

    [Fact]
    public async Task An_epoch_not_yet_over_is_refused_and_nothing_is_read_or_booked()
    {
        await PrepareEpoch0Async();
        var head = await _ledger.ReadHeadAsync(Ct);

        var result = await Settlement().CloseAsync(0, Ct);

        Assert.Equal(EpochSettlementReason.EpochNotOver, result.Reason);
        Assert.False(result.IsSuccess);
        Assert.Equal(0, _work.Reads);
        Assert.Equal(head, await _ledger.ReadHeadAsync(Ct));
        Assert.Null(await _ledger.ReadStatementAsync(0, Ct));
    }

    [Fact]
    public async Task What_priced_jobs_were_charged_joins_the_pot_whether_they_completed_failed_or_were_cancelled_and_an_older_failed_job_adds_nothing()
    {
        await PrepareEpoch0Async();
        // three priced jobs escrowed 10,000 each at 100 per million units with 7 of storage: charged 7 + units/10,000 (rounded up)
        var charged = new Dictionary<string, long>();
        foreach (var (id, status, units) in new[] { ("job-p1", JobStatus.Completed, 200_000L), ("job-p2", JobStatus.Failed, 30_001L), ("job-p3", JobStatus.Cancelled, 0L) })
        {
            var charge = JobCharge.Of(10_000, 100, 7, units);
            charged[id] = charge.Charged;
            await BookAsync(JobFunds.Escrow(id, Submitter, 10_000, 0));
            foreach (var transfer in JobFunds.Close(id, Submitter, charge, 0))
            {
                await BookAsync(transfer);
            }

            _work.Jobs.Add(new JobRecord(id, "pow", "{}", "submitter", 10_000, status, null, Ms(Genesis), Ms(Genesis.AddMinutes(40)), "")
                { PriceRate = 100, PriceStorage = 7, ChargedUnits = units });
        }

        _work.Jobs.Add(new JobRecord("job-old", "pow", "{}", "submitter", 3_000, JobStatus.Failed, null, Ms(Genesis), Ms(Genesis.AddMinutes(41)), ""));
        _time.Advance(TimeSpan.FromHours(1));

        var result = await Settlement().CloseAsync(0, Ct);

        Assert.Equal((27L, 11L, 7L), (charged["job-p1"], charged["job-p2"], charged["job-p3"]));
        Assert.Equal(EpochSettlementReason.Closed, result.Reason);
        Assert.Equal(1_000_000 + 5_000 + 27 + 11 + 7, result.Plan!.Pot); // emission, job-1's flat fee, the three charges; nothing of job-old
        Assert.Equal(0, await _ledger.ReadBalanceAsync(AccountId.Fees, Ct) - (result.Plan.Pot - result.Plan.TotalPaid - result.Plan.Carried)); // every fee paid out or carried
    }

    [Fact]
    public async Task Closing_an_epoch_twice_pays_once()
    {
        await PrepareEpoch0Async();
        _time.Advance(TimeSpan.FromHours(1));
        var settlement = Settlement();

        var first = await settlement.CloseAsync(0, Ct);
        var balances = await _ledger.ReadBalancesAsync(Ct);
        var head = await _ledger.ReadHeadAsync(Ct);
        _work.Credits.Add(new WorkCreditRecord("late", 0, _registry.Devices[2].Id, _registry.Devices[2].OwnerId, 10_000, Ms(Genesis.AddMinutes(59))));
        var second = await Settlement().CloseAsync(0, Ct);

        Assert.Equal(EpochSettlementReason.Closed, first.Reason);
        Assert.Equal(1_005_000, first.Plan!.Pot);
        Assert.Equal(EpochSettlementReason.AlreadyClosed, second.Reason);
        Assert.Null(second.Plan);
        Assert.Equal(EpochStatementBytes(first), EpochStatementBytes(second));
        Assert.Equal(head, await _ledger.ReadHeadAsync(Ct));
        Assert.Equal(balances, await _ledger.ReadBalancesAsync(Ct));
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotNull(first.Metrics);

        // owners are paid into their ledger account owner:{owner id} (the one that also pays for their jobs): work and data both count
        foreach (var line in first.Statement!.Payouts)
        {
            Assert.StartsWith("owner-", line.Owner, StringComparison.Ordinal);
            Assert.Equal(line.Amount, await _ledger.ReadBalanceAsync(EpochPayoutTransfers.AccountOf(line.Owner), Ct));
        }
        Assert.Equal(4, first.DataQuality!.Devices.Count);
        Assert.All(first.DataQuality.Devices, d => Assert.Equal(60, d.QualifiedReadings));
        Assert.True(first.Plan.DataPool > 0 && first.Plan.WorkPool > 0);
    }

    [Fact]
    public async Task Closing_an_epoch_keeps_each_devices_data_quality_once_even_over_what_a_crashed_close_stored()
    {
        await PrepareEpoch0Async();
        var faulty = _registry.Devices[3];
        var start = Ms(Genesis.AddMinutes(10));
        await _telemetry.CommitBatchAsync(new TelemetryBatch("gw-01", 1, 2, PayloadHash.Of([2]), Ms(Genesis), [new TelemetryFrameRecord(faulty.Id, 1, 10,
            PayloadHash.Of([3, 10]), 1, start, 6, [new TelemetryPoint(faulty.Id, "temp", "Cel", -2, start, 60_000, 6, 8_980, 9_020, 9_000, 9)])], [], 0, [], []), Ct);
        // a first close stored its verdicts and crashed before booking: a device it saw, and none of the real ones
        await _telemetry.WriteDeviceQualityAsync(0, [new DeviceDataQuality("ghost", "owner-x", true, 6, 6, QualityRejections.None)], Ct);
        var reader = new ClosedEpochQuality(_ledger, _telemetry);
        Assert.Null(await reader.ReadDeviceQualityAsync(0, cancellationToken: Ct)); // not closed: nothing shown
        Assert.Empty(await reader.ReadLatestDeviceQualityAsync(Ct));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(EpochSettlementReason.Closed, (await Settlement().CloseAsync(0, Ct)).Reason);
        Assert.Equal(EpochSettlementReason.AlreadyClosed, (await Settlement().CloseAsync(0, Ct)).Reason);

        var stored = (await reader.ReadDeviceQualityAsync(0, cancellationToken: Ct))!;
        Assert.Equal(_registry.Devices.Select(d => d.Id).Order(StringComparer.Ordinal), stored.Select(r => r.DeviceId));
        var bad = stored.Single(r => r.DeviceId == faulty.Id);
        Assert.Equal((66L, 60L, 6L), (bad.SubmittedReadings, bad.QualifiedReadings, bad.Rejections.Range));
        Assert.Equal(["range"], bad.FailedChecks);
        Assert.Equal(60.0 / 66, bad.Score, 12);
        Assert.All(stored.Where(r => r.DeviceId != faulty.Id), r => Assert.Equal((1.0, 0), (r.Score, r.FailedChecks.Count)));
        Assert.Equal(stored, await reader.ReadLatestDeviceQualityAsync(Ct));
        Assert.Equal(stored.Skip(1).Take(2), await reader.ReadDeviceQualityAsync(0, stored[0].DeviceId, 2, Ct));
    }

    [Fact]
    public async Task A_full_money_cycle_conserves_every_unit_and_passes_the_audit()
    {
        await PrepareEpoch0Async();
        _time.Advance(TimeSpan.FromHours(1));

        var result = await Settlement().CloseAsync(0, Ct);
        using var publicKey = P256Keys.ImportPublicKey(_registry.CoordinatorPublicKey);
        var audit = await LedgerAudit.VerifyAsync(_ledger, publicKey, pageSize: 3, cancellationToken: Ct);

        Assert.True(result.IsSuccess, result.Detail);
        Assert.True(audit.IsValid, audit.Detail);
        Assert.Equal(1, audit.StatementsChecked);
        var totals = audit.Ledger!.Totals;
        Assert.True(totals.IsConserved);
        Assert.Equal(0, totals.Fees);
        Assert.Equal(0, totals.Escrow);
        Assert.Equal(20_000 + result.Plan!.TotalPaid - 5_000, totals.Owners);
        Assert.Equal(20_000 + result.Plan.TotalPaid - 5_000, totals.Emitted);
    }

    [Fact]
    public async Task Closing_what_is_due_closes_each_ended_epoch_once_in_order_and_a_bounded_number_per_run()
    {
        await PrepareEpoch0Async();
        _time.Advance(TimeSpan.FromHours(3));

        var bounded = await Settlement(new EpochSettlementOptions { MaxEpochsPerRun = 1 }).CloseDueAsync(Ct);
        var rest = await Settlement().CloseDueAsync(Ct);
        var again = await Settlement().CloseDueAsync(Ct);

        Assert.Equal([0L], bounded.Select(r => r.EpochId));
        Assert.Equal([1L, 2L], rest.Select(r => r.EpochId));
        Assert.All(bounded.Concat(rest), r => Assert.Equal(EpochSettlementReason.Closed, r.Reason));
        Assert.Empty(again);
        Assert.Equal(2, await _ledger.ReadLastClosedEpochAsync(Ct));
        // epochs 1 and 2 had no credits: their emission stays in emission (carried), no payout entry is booked for them
        Assert.Equal(1_000_000, rest[0].Statement!.Carried);
        Assert.Null(await _ledger.FindByIdempotencyKeyAsync(EpochPayoutTransfers.Key(1, 0), Ct));
        Assert.NotNull(await _ledger.FindByIdempotencyKeyAsync(EpochPayoutTransfers.Key(0, 0), Ct));
    }

    [Fact]
    public async Task A_run_started_after_a_closed_epoch_goes_on_from_the_next_epoch_not_from_its_own()
    {
        await PrepareEpoch0Async();
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal([0L], (await Settlement().CloseDueAsync(Ct)).Select(r => r.EpochId));

        // the coordinator was down through epochs 1 and 2 and starts again in epoch 3 (it passes its own epoch as the first)
        _time.Advance(TimeSpan.FromHours(2.5));
        var results = await Settlement(new EpochSettlementOptions { FirstEpochId = 3 }).CloseDueAsync(Ct);

        Assert.Equal([1L, 2L], results.Select(r => r.EpochId));
        Assert.All(results, r => Assert.Equal(EpochSettlementReason.Closed, r.Reason));
    }

    [Fact]
    public async Task A_run_started_later_closes_the_epoch_a_crashed_first_run_booked_in_but_never_closed()
    {
        // the first run started in epoch 0 and booked a deposit there, then died before closing it; the next run starts in epoch 2
        await BookAsync(Deposits.Credit("grant-1", Submitter, 10_000, 0));
        _time.Advance(TimeSpan.FromHours(2));

        var results = await Settlement(new EpochSettlementOptions { FirstEpochId = 2 }).CloseDueAsync(Ct);

        Assert.Equal([0L, 1L], results.Select(r => r.EpochId));
        Assert.All(results, r => Assert.Equal(EpochSettlementReason.Closed, r.Reason));
    }

    [Fact]
    public async Task A_first_deposit_dated_with_another_epoch_length_does_not_send_the_closer_back_to_its_id()
    {
        // `ledger deposit` with its default --epoch-length 1d against a coordinator of hourly epochs: booked in hourly epoch
        // 48, the entry says epoch 2 (days). The next run starts in epoch 50 and closes from 48, not from 2.
        _time.Advance(TimeSpan.FromHours(48));
        await BookAsync(Deposits.Credit("grant-1", Submitter, 10_000, 2));
        _time.Advance(TimeSpan.FromHours(2));

        var results = await Settlement(new EpochSettlementOptions { FirstEpochId = 50 }).CloseDueAsync(Ct);

        Assert.Equal([48L, 49L], results.Select(r => r.EpochId));
    }

    [Fact]
    public async Task Unsettled_fees_refuse_the_close_and_book_nothing_until_they_are_settled()
    {
        await BookAsync(Deposits.Credit("deposit:1", Submitter, 9_000, 0));
        await BookAsync(JobFunds.Escrow("job-2", Submitter, 4_000, 0));
        _work.Jobs.Add(new JobRecord("job-2", "pow", "{}", "submitter", 4_000, JobStatus.Completed, "{}", Ms(Genesis), Ms(Genesis.AddMinutes(9)), ""));
        _time.Advance(TimeSpan.FromHours(1));
        using var key = P256Keys.Generate();
        var settlement = new EpochSettlement(_policy, _time, key, _registry, _ledger, _work, _telemetry);

        var refused = await settlement.CloseAsync(0, Ct);
        await BookAsync(JobFunds.Settle("job-2", 4_000, 0));
        var closed = await settlement.CloseAsync(0, Ct);

        Assert.Equal(EpochSettlementReason.LedgerRefused, refused.Reason);
        Assert.Equal(EpochSettlementReason.Closed, closed.Reason);
        // no credits: the whole pot, fees included, is carried back to emission
        Assert.Equal(1_004_000, closed.Statement!.Carried);
        Assert.Equal(0, await _ledger.ReadBalanceAsync(AccountId.Fees, Ct));
        Assert.True((await LedgerAudit.VerifyAsync(_ledger, key, cancellationToken: Ct)).IsValid);
    }

    private static byte[] EpochStatementBytes(EpochSettlementResult result) =>
        Domain.Epochs.Statements.EpochStatementStorageEncoding.Encode(result.Statement!);
}
