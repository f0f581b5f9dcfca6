using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Cli.Demo;

/// <summary>
/// Builds the summary from the coordinator's stores (jobs, tasks, readings stored and lost, cheaters caught, the epoch's
/// statement, the ledger audit) and the simulator's count of readings sent; writes the PNG outputs; lists what is wrong.
/// </summary>
internal static class DemoSummary
{
    public static async Task<DemoReport> BuildAsync(DemoSettings settings, DemoFleet fleet, CoordinatorNode coordinator, IReadOnlyList<string> jobIds,
        SimulationReport simulated, List<string> problems, CancellationToken cancellationToken)
    {
        var stores = coordinator.Stores;
        var jobs = new List<DemoJob>();
        var invalidNodes = new HashSet<string>(StringComparer.Ordinal);
        string? renderPng = null;
        foreach (var id in jobIds)
        {
            var job = await stores.Work.FindJobAsync(id, cancellationToken).ConfigureAwait(false);
            if (job is null)
            {
                continue;
            }

            var result = JobJson.DeserializeResult(job.ResultJson).Value;
            jobs.Add(new DemoJob(job.JobId, job.Kind, job.Status.ToString().ToLowerInvariant(), result is null ? job.Detail : JobSummary.Describe(result)));
            if (job.Status != JobStatus.Completed)
            {
                problems.Add($"job {job.JobId} ({job.Kind}) is {job.Status.ToString().ToLowerInvariant()}: {job.Detail}");
            }

            if (result is WasmMapJobResult { Image: { } image })
            {
                renderPng = Path.Combine(settings.DataFolder, "render.png");
                await File.WriteAllBytesAsync(renderPng, EscapeTimePng.Encode(image), cancellationToken).ConfigureAwait(false);
            }

            foreach (var task in await stores.Work.ReadTasksAsync(id, cancellationToken).ConfigureAwait(false))
            {
                foreach (var r in await stores.Work.ReadResultsAsync(task.TaskId, cancellationToken).ConfigureAwait(false))
                {
                    if (r.Verdict == ResultVerdict.Invalid)
                    {
                        invalidNodes.Add(r.NodeId);
                    }
                }
            }
        }

        var work = await stores.Work.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var telemetry = await stores.Telemetry.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var accounts = stores.Telemetry is ITelemetrySequenceReader reader ? await reader.ReadSequenceAccountsAsync(cancellationToken).ConfigureAwait(false) : [];
        var framesMissing = accounts.Sum(a => a.MissingFrames);
        var readingsLost = telemetry.ReadingsLost + accounts.Sum(a => a.EstimatedReadingsMissing);
        var sent = simulated.Totals.ReadingsPublished;
        if (readingsLost > 0 || framesMissing > 0)
        {
            problems.Add($"{readingsLost} readings lost ({framesMissing} frames missing in the stored sequences, {telemetry.ReadingsLost} reported lost by gateways)");
        }

        if (telemetry.ReadingsStored != sent)
        {
            problems.Add($"the devices sent {sent} readings, the coordinator stored {telemetry.ReadingsStored}");
        }

        var cheaters = fleet.DevicesWith(Firmware.Simulator.Behaviours.DeviceBehavior.Cheater).ToList();
        var caught = cheaters.Count(invalidNodes.Contains);
        if (caught < cheaters.Count)
        {
            problems.Add($"cheaters not caught: {string.Join(", ", cheaters.Where(c => !invalidNodes.Contains(c)))}");
        }

        var statement = await stores.Ledger.ReadStatementAsync(0, cancellationToken).ConfigureAwait(false);
        DemoEpoch? epoch = null;
        string? rewardsPng = null;
        if (statement is null)
        {
            problems.Add("epoch 0 was not closed");
        }
        else
        {
            epoch = new DemoEpoch(statement.EpochId, statement.TotalPaid, statement.Payouts.Length, statement.Metrics.Gini.ToDouble(), statement.Metrics.Nakamoto,
                statement.Metrics.TopDecileShare.ToDouble(), Convert.ToHexStringLower([.. statement.MerkleRoot]));
            rewardsPng = Path.Combine(settings.DataFolder, "rewards.png");
            await File.WriteAllBytesAsync(rewardsPng, RewardChart.Encode(statement.EpochId, statement.Pot, statement.Payouts, new EpochPolicy().OwnerShareCapBasisPoints,
                new EpochPolicy().ExcessRetainedBasisPoints) /* the demo runs the default share cap */, cancellationToken).ConfigureAwait(false);
            if (statement.TotalPaid <= 0)
            {
                problems.Add("epoch 0 paid nothing");
            }
        }

        using var coordinatorKey = P256Keys.ImportPublicKey(coordinator.Registry.CoordinatorPublicKey);
        var audit = await LedgerAudit.VerifyAsync(stores.Ledger, coordinatorKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!audit.IsValid)
        {
            problems.Add($"ledger verification failed: {audit.ReasonCode} {audit.Detail}");
        }

        return new DemoReport(settings.Devices, settings.Gateways, settings.Owners, settings.Seed, jobs,
            new DemoTasks(work.TasksIssued, work.TasksVerified, work.ResultsRejected, work.TasksReissued),
            new DemoTelemetry(sent, telemetry.ReadingsStored, readingsLost, framesMissing, simulated.Totals.ReadingsProduced),
            new DemoCheaters(cheaters.Count, caught, cheaters),
            epoch,
            new DemoLedger(audit.EntriesChecked, audit.StatementsChecked, audit.IsValid, audit.Detail),
            new DemoOutputs(renderPng, rewardsPng),
            problems);
    }
}
