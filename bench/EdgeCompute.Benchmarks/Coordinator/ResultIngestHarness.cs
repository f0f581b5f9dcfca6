using System.Diagnostics;
using System.Security.Cryptography;
using EdgeCompute.Benchmarks.Gateway;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// <c>coordinator-ingest</c>: signed gateway batches of device results through the coordinator's real ingest path —
/// batch signature, Brotli decompression, every device frame's MAC, the batch committed to the telemetry store, each
/// result's MAC checked against the exact assignment bytes the engine issued, 2-of-2 quorum verification, verdicts and
/// credits committed to the work store — then the epoch closed: credits paid from the hash-chained ledger with the
/// signed statement. Untimed setup: a provisioned fleet, montecarlo-pi jobs submitted and funded, every task issued
/// by the engine's scheduler, and every answer computed by the firmware core's kernels and sealed by its device.
/// </summary>
internal static class ResultIngestHarness
{
    private const long T0 = 1_764_000_000_000;

    public static async Task RunAsync(ResultIngestArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var results = (args.Batches + args.Warmup) * args.BatchSize;
        var tasks = results / 2; // two replicas per task
        var owners = Math.Max(8, args.Gateways * 2);
        output.WriteLine($"coordinator-ingest: store {args.Store}, {args.Replicas} coordinator replica(s), {args.Warmup} warm-up + {args.Batches} timed batches of {args.BatchSize} results, " +
            $"{args.Devices} devices behind {args.Gateways} gateways, {owners} owners, {tasks} montecarlo-pi tasks × 2 replicas (quorum 2 of 2), " +
            (args.Metrics ? "meter on (scraped once a second)" : "meter off"));

        if (args.Mode == "raw")
        {
            await using var rawOnly = await BenchDatabase.CreateAsync(args, cancellationToken);
            await RawLimitHarness.RunAsync(args, rawOnly, output, cancellationToken);
            return;
        }

        var fleet = FleetProvisioner.Create(new FleetSpec(owners, args.Gateways, args.Devices));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0));
        var epochs = new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(T0), EpochLength = TimeSpan.FromHours(1) };
        await using var database = await BenchDatabase.CreateAsync(args, cancellationToken);
        var replicas = new List<BenchReplica>();
        var scrapers = new List<BenchMetricsScraper>();
        try
        {
            for (var r = 0; r < args.Replicas; r++)
            {
                replicas.Add(await BenchReplica.OpenAsync(fleet, Options(database, args, tasks), epochs, clock, seed: 1000 + r, cancellationToken));
            }

            var setup = Stopwatch.StartNew();
            var batches = await PrepareAsync(fleet, replicas[0], args, tasks, clock, cancellationToken);
            output.WriteLine($"setup: {tasks} tasks issued, {batches.Sum(b => b.Results)} answers sealed into {batches.Count} signed batches in {setup.Elapsed.TotalSeconds:F1} s");
            foreach (var replica in replicas)
            {
                OnlineEveryone(fleet, replica);
            }

            if (args.Metrics)
            {
                foreach (var replica in replicas)
                {
                    scrapers.Add(await BenchMetricsScraper.StartAsync(replica, epochs, clock, cancellationToken));
                }
            }

            var warmup = batches.Take(args.Warmup).ToList();
            var timed = batches.Skip(args.Warmup).ToList();
            await IngestAllAsync(replicas, warmup, cancellationToken);
            foreach (var replica in replicas)
            {
                foreach (var timing in replica.Timings.Values)
                {
                    timing.Reset();
                }
            }

            var rowsBefore = await RowWrites.ReadAsync(args.RowCounts ? database.ConnectionString : null, cancellationToken);
            var (elapsed, perBatch) = await IngestAllAsync(replicas, timed, cancellationToken);
            var rowsAfter = await RowWrites.ReadAsync(args.RowCounts ? database.ConnectionString : null, cancellationToken);

            var timedResults = timed.Sum(b => b.Results);
            var stats = await replicas[0].Stores.Work.ReadStatsAsync(cancellationToken);
            var outcomes = replicas.Select(r => r.Ingestor.Counters).ToList();
            var valid = replicas.Sum(r => r.Engine.Counters[WorkCounter.ResultValid]);
            output.WriteLine($"ingested {timedResults} results in {timed.Count} batches: {elapsed.TotalSeconds:F2} s, " +
                $"{timedResults / elapsed.TotalSeconds:N0} results/s, batch p50 {Percentile(perBatch, 0.5):F1} ms, p99 {Percentile(perBatch, 0.99):F1} ms");
            output.WriteLine($"store totals: tasks verified {stats.TasksVerified}, results valid (this run's counters) {valid}; " +
                $"tasks written since a batch's read: taken from this process's own write {replicas.Sum(r => r.Engine.Counters[WorkCounter.ResultBatchTaskFromOwnWrite])}, " +
                $"read again under the lock {replicas.Sum(r => r.Engine.Counters[WorkCounter.ResultBatchTaskReRead])}; " +
                $"batches recorded one by one {replicas.Sum(r => r.Engine.Counters[WorkCounter.ResultBatchFellBack])}");
            IngestBreakdown.Write(replicas.SelectMany(r => r.Timings), perBatch, timed.Count, elapsed, output);
            RowWrites.Write(rowsBefore, rowsAfter, timedResults, output);
            if (stats.TasksVerified != tasks)
            {
                throw new HarnessFailure($"{stats.TasksVerified} tasks verified, expected {tasks}: results were lost or rejected");
            }

            await CheckScrapesAsync(scrapers, replicas, batches.Count, output, cancellationToken);
            clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
            var close = Stopwatch.StartNew();
            var settlement = new EpochSettlement(epochs, clock, replicas[0].Registry, replicas[0].Stores.Ledger, replicas[0].Stores.Work, replicas[0].Stores.Windows);
            var closed = await settlement.CloseAsync(0, cancellationToken);
            close.Stop();
            output.WriteLine($"epoch 0 closed: {closed.Reason}, {results} work credits paid to {owners} owners in {close.Elapsed.TotalMilliseconds:F0} ms " +
                $"({results / close.Elapsed.TotalSeconds:N0} credits/s)");
            if (args.Mode == "both")
            {
                var (rawRows, _) = await RawLimitHarness.RunAsync(args, database, output, cancellationToken);
                output.WriteLine($"ratio to the raw limit: {timedResults / elapsed.TotalSeconds / (rawRows / RawLimitHarness.RowsPerResult):F3} " +
                    $"(verified results/s over raw results/s at {RawLimitHarness.RowsPerResult} rows each)");
            }
        }
        finally
        {
            foreach (var scraper in scrapers)
            {
                await scraper.DisposeAsync();
            }

            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>With the meter on: one more scrape per replica must count every batch it stored and acked.</summary>
    private static async Task CheckScrapesAsync(List<BenchMetricsScraper> scrapers, List<BenchReplica> replicas, int batches, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (scrapers.Count == 0)
        {
            return;
        }

        // The exporter answers a scrape within 300 ms of the last one from its cache (ScrapeResponseCacheDurationMilliseconds),
        // so the once-a-second scrape may have just cached a count without the last batch: ask again past that, a few times.
        double stored = 0, acked = 0;
        for (var attempt = 0; attempt < 10 && (attempt == 0 || stored != batches || acked != batches); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(attempt == 0 ? 0 : 400), cancellationToken);
            (stored, acked) = (0, 0);
            foreach (var scraper in scrapers)
            {
                var scrape = await scraper.ScrapeAsync(cancellationToken);
                stored += BenchMetricsScraper.Value(scrape, "edgecompute_coordinator_ingest_batches_total", "outcome=\"stored\"");
                acked += BenchMetricsScraper.Value(scrape, "edgecompute_batch_ack_duration_seconds_count");
            }
        }

        output.WriteLine($"meter: {scrapers.Sum(s => s.Scrapes)} scrapes; the last counts {stored} batches stored and {acked} acks of {batches}");
        if (stored != batches || acked != batches)
        {
            throw new HarnessFailure($"the scrapes count {stored} batches stored and {acked} acked, expected {batches} ({replicas.Count} replica(s))");
        }
    }

    private static CoordinatorOptions Options(BenchDatabase database, ResultIngestArgs args, int tasks) => new()
    {
        DataFolder = database.SqliteFolder ?? "unused",
        PostgresConnectionString = database.ConnectionString,
        Nodes = new NodeDirectoryOptions { DeviceTaskSlots = (tasks * 2 / args.Devices) + 16 },
        Work = new WorkOptions { TasksPerPass = tasks + 1 }, // one pass sees every open task (see the note on TasksPerPass in docs/performance.md)
    };

    private static async Task<List<SignedBatch>> PrepareAsync(ProvisionedFleet fleet, BenchReplica replica, ResultIngestArgs args, int tasks, FakeTimeProvider clock,
        CancellationToken cancellationToken)
    {
        OnlineEveryone(fleet, replica);
        var researcher = fleet.Coordinator.Owners[0].Id;
        var booked = await replica.Stores.Ledger.AppendAsync([Deposits.Credit(Deposits.KeyFor("bench-funds"), AccountId.Owner(researcher), 1_000_000_000_000, 0)],
            cancellationToken: cancellationToken);
        if (!booked.IsSuccess)
        {
            throw new HarnessFailure($"could not fund the researcher: {booked.ReasonCode}");
        }

        var policy = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2, SamplingRate: 0);
        for (var submitted = 0; submitted < tasks;)
        {
            var count = Math.Min(JobLimits.MaxTasksPerJob, tasks - submitted);
            var spec = new MonteCarloPiJobSpec((ulong)count * 64, 64, (ulong)submitted + 1) { Verification = policy };
            var result = await replica.Engine.Intake.SubmitAsync(new JobSubmission(spec, researcher, 1_000_000), cancellationToken);
            if (!result.IsAccepted)
            {
                throw new HarnessFailure($"job refused: {result.Reason} {result.Detail}");
            }

            submitted += count;
        }

        for (var pass = 0; pass < 100 && replica.Published.Tasks.Count < tasks * 2; pass++)
        {
            await replica.Engine.Issue.PumpAsync(cancellationToken);
        }

        var issued = replica.Published.Tasks;
        if (issued.Count != tasks * 2)
        {
            throw new HarnessFailure($"the scheduler issued {issued.Count} assignments, expected {tasks * 2}");
        }

        // Each device answers its tasks in the order they came, with the firmware core's kernels; its gateway batches them.
        var kernels = new KernelReExecutor();
        var seq = new Dictionary<string, uint>(StringComparer.Ordinal);
        var byGateway = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        var devices = fleet.Coordinator.Devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var task in issued)
        {
            var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;
            var answer = kernels.ReExecute(assignment);
            var device = devices[task.Target];
            var next = seq[device.Id] = seq.GetValueOrDefault(device.Id) + 1;
            var frame = DeviceFrameMac.Seal(device.GetKey(), device.Id, 1, next, FrameType.Result, TaskResultCodec.Encode(answer), task.Assignment.Span);
            if (!byGateway.TryGetValue(task.GatewayId, out var list))
            {
                byGateway[task.GatewayId] = list = [];
            }

            list.Add(DeviceFrameCodec.Encode(frame));
        }

        var keys = fleet.Gateways.ToDictionary(g => g.GatewayId, g => P256Keys.ImportPrivateKey(g.PrivateKey), StringComparer.Ordinal);
        var batches = new List<SignedBatch>();
        var perGateway = byGateway.ToDictionary(g => g.Key, g => g.Value.Chunk(args.BatchSize).ToList(), StringComparer.Ordinal);
        // Interleave the gateways' batches round-robin, as they arrive from several gateways at once.
        for (var round = 0; perGateway.Values.Any(chunks => round < chunks.Count); round++)
        {
            foreach (var (gatewayId, chunks) in perGateway.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (round >= chunks.Count)
                {
                    continue;
                }

                var body = new GatewayBatchBody([.. chunks[round].Select(f => (BatchItem)new DeviceFrameItem(f))], null);
                var sealedBatch = BatchSealer.Seal(body, gatewayId, 1, (ulong)round + 1, BatchCodec.Brotli, keys[gatewayId]);
                batches.Add(new SignedBatch(gatewayId, ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Up), GatewayBatchCodec.Encode(sealedBatch), chunks[round].Length));
            }
        }

        foreach (var key in keys.Values)
        {
            key.Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        return batches;
    }

    private static void OnlineEveryone(ProvisionedFleet fleet, BenchReplica replica)
    {
        foreach (var gateway in fleet.Coordinator.Gateways)
        {
            var attached = fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
            replica.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 1, T0, 4, 1L << 30, false, attached, "u4pruyd", []));
        }

        foreach (var device in fleet.Coordinator.Devices)
        {
            replica.Nodes.DeviceBirth(device.GatewayId, device.Id, 1, new DeviceBirth("1.0.0", "esp32", KernelNames.All, 320_000, 240, []));
        }
    }

    /// <summary>
    /// Feeds the batches as a replica's broker would: one in-order stream per gateway (a gateway waits for each ack),
    /// the gateways concurrently; with two replicas each takes every other gateway (a shared subscription splits by client).
    /// </summary>
    private static async Task<(TimeSpan Elapsed, List<double> PerBatchMs)> IngestAllAsync(List<BenchReplica> replicas, List<SignedBatch> batches, CancellationToken cancellationToken)
    {
        var gateways = batches.Select(b => b.GatewayId).Distinct().Order(StringComparer.Ordinal).ToList();
        var perBatch = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(gateways.Select((gatewayId, index) => Task.Run(async () =>
        {
            var replica = replicas[index % replicas.Count];
            foreach (var batch in batches.Where(b => b.GatewayId == gatewayId))
            {
                var started = Stopwatch.GetTimestamp();
                var result = await replica.Ingestor.IngestAsync(batch.Topic, batch.Message, cancellationToken);
                if (result.Outcome != IngestOutcome.Stored || result.Ack is null)
                {
                    throw new HarnessFailure($"batch of {gatewayId} not stored: {result.Outcome} {result.Detail}");
                }

                lock (perBatch)
                {
                    perBatch.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }, cancellationToken)));
        return (clock.Elapsed, perBatch);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private sealed record SignedBatch(string GatewayId, string Topic, byte[] Message, int Results);
}

/// <summary>Where the harness's stores live: a temporary SQLite folder, or a fresh PostgreSQL database dropped afterwards.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _admin;
    private readonly string? _name;

    private BenchDatabase(string? sqliteFolder, string? connectionString, string? admin, string? name)
    {
        SqliteFolder = sqliteFolder;
        ConnectionString = connectionString;
        _admin = admin;
        _name = name;
    }

    public string? SqliteFolder { get; }

    public string? ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(ResultIngestArgs args, CancellationToken cancellationToken)
    {
        if (args.Postgres is null)
        {
            return new BenchDatabase(TempFolders.Create("edgecompute-bench-coordinator-"), null, null, null);
        }

        var name = $"ec_bench_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(args.Postgres))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(args.Postgres) { Database = name };
        return new BenchDatabase(null, builder.ConnectionString, args.Postgres, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
