using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Job intake: a researcher's job checked, compiled, planned into tasks, quoted, escrowed and stored — or refused with a
/// reason code and one line naming the field. The ledger's escrow is booked before the job is stored, under the key
/// <c>job:{id}:escrow</c>, so a resubmission after a crash between the two books nothing twice.
/// </summary>
public sealed class JobIntake
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILedgerStore _ledger;
    private readonly FleetRegistry _registry;
    private readonly NodeDirectory _nodes;
    private readonly ILogger _logger;
    private readonly FleetReadiness _fleet;

    internal JobIntake(WorkState state, FleetReadiness fleet)
    {
        _state = state;
        _store = state.Store;
        _ledger = state.Ledger;
        _registry = state.Registry;
        _nodes = state.Nodes;
        _logger = state.Logger;
        _fleet = fleet;
    }

    /// <summary>Gets the prices new jobs are quoted at.</summary>
    public PriceList Prices => _state.Options.Prices;

    /// <summary>
    /// Accepts a job: checks the submitter and the spec, compiles its WebAssembly module (if any) under the gateways'
    /// deterministic configuration and checks it against the host ABI, splits it into tasks (a sensor query over the
    /// gateways of its region), refuses it when the registered fleet could never place them, escrows the fee from the
    /// submitter's account (refused when the balance does not cover it) and stores the job with its tasks. Retrying with the same job id never charges twice.
    /// </summary>
    /// <param name="submission">The job.</param>
    /// <param name="cancellationToken">Cancels before the job is stored.</param>
    /// <returns>The outcome with its reason code.</returns>
    public async Task<SubmitResult> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        submission = submission with { JobId = submission.JobId ?? NewJobId() };

        // A job naming blobs by hash holds them from here (a reference the sweep releases if the job is never stored), and its module is read for compiling.
        var (resolved, refused) = await JobBlobResolution.ResolveAsync(_state.Blobs, submission, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            _state.Counters.Count(WorkCounter.JobRefused);
            _logger.LogWarning("Job refused: {Reason} {Detail}", refused.Reason, refused.Detail);
            return refused;
        }

        submission = resolved;

        // Compiling a module (up to 8 MiB) takes time: done before the work lock, so results and passes do not wait for it.
        var moduleProblem = submission.Spec is not null && JobSpecValidator.Validate(submission.Spec).IsValid ? CheckModule(submission.Spec) : null;
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        var result = await SubmitCoreAsync(submission, moduleProblem, cancellationToken).ConfigureAwait(false);
        _state.Counters.Count(result.IsAccepted ? WorkCounter.JobAccepted : WorkCounter.JobRefused);
        if (result.IsAccepted)
        {
            _logger.LogInformation("Job {JobId} accepted: {Detail}", result.JobId, result.Detail);
        }
        else
        {
            _logger.LogWarning("Job refused: {Reason} {Detail}", result.Reason, result.Detail);
        }

        return result;
    }

    private async Task<SubmitResult> SubmitCoreAsync(JobSubmission submission, string? moduleProblem, CancellationToken cancellationToken)
    {
        if (submission.MaxPrice is <= 0)
        {
            return new SubmitResult(SubmitReason.InvalidFee, null, $"the maximum price must be a positive number of micro-units, was {submission.MaxPrice}", "maxPrice");
        }

        if (string.IsNullOrEmpty(submission.Submitter) || !_registry.Owners.ContainsKey(submission.Submitter))
        {
            return new SubmitResult(SubmitReason.UnknownSubmitter, null, $"\"{submission.Submitter}\" is not a registered owner", "submitter");
        }

        var check = JobSpecValidator.Validate(submission.Spec);
        if (!check.IsValid)
        {
            return new SubmitResult(SubmitReason.InvalidSpec, null, check.Message ?? "invalid job spec", check.Field);
        }

        var jobId = submission.JobId ?? NewJobId();
        if (await _store.FindJobAsync(jobId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new SubmitResult(SubmitReason.DuplicateJobId, existing.JobId, $"job {jobId} exists ({existing.Status})", "jobId");
        }

        if (moduleProblem is not null)
        {
            return new SubmitResult(SubmitReason.InvalidModule, null, moduleProblem, "module");
        }

        var kind = JobKinds.Of(submission.Spec);
        var prefix = kind.Region(submission.Spec);
        var region = prefix is null ? [] : _nodes.GatewaysInRegion(prefix);
        if (prefix is not null && region.Count == 0)
        {
            return new SubmitResult(SubmitReason.NoNodesForData, null, $"no online WASM gateway in region \"{prefix}\"", "geohashPrefix");
        }

        var planned = JobPlanner.Plan(jobId, submission.Spec, region);
        if (!planned.IsSuccess)
        {
            return new SubmitResult(SubmitReason.InvalidSpec, null, planned.Detail, planned.Field);
        }

        var plan = planned.Plan!;
        if (PlaceabilityCheck.Check(PlacementNeed.Of(plan), _fleet.Nodes(), onlineOnly: false) is { CanPlace: false } never)
        {
            return new SubmitResult(SubmitReason.NeverPlaceable, null, $"the registered fleet can never run this job: {never.Reason}", "verification");
        }

        var specJson = JobJson.Serialize(submission.Spec);
        JobQuote quote;
        try
        {
            quote = JobQuote.Of(plan, JobStorage.BytesOf(submission.Spec, specJson), _state.Options.Prices);
            _ = quote.Total;
        }
        catch (OverflowException)
        {
            return new SubmitResult(SubmitReason.PriceOverMax, null, "the job's price is beyond 2^63 micro-units: lower its budget or split it", "maxPrice");
        }

        if (submission.MaxPrice is { } max && quote.Total > max)
        {
            return new SubmitResult(SubmitReason.PriceOverMax, null,
                $"the job may cost up to {quote.Total} micro-units ({QuoteText(quote)}), more than its maximum price of {max}", "maxPrice") { Quote = quote };
        }

        if (await EscrowAsync(jobId, submission.Submitter, quote, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var now = _state.NowMs;
        var job = new JobRecord(jobId, kind.Name, specJson, submission.Submitter, quote.Total,
            JobStatus.Running, null, now, null, $"{plan.Tasks.Count} tasks, verified by {plan.Verification.Method}")
        {
            PriceRate = quote.Rate,
            PriceStorage = quote.Storage,
        };
        var tasks = plan.Tasks.Select(t => new TaskRecord(t.TaskId, jobId, t.Index, t.Parameters.Kernel, TaskTemplate.Encode(t), WorkTaskStatus.Open, null, null, 0) { BlobHashes = t.BlobHashes })
            .ToList();
        if (!await _store.InsertJobAsync(job, tasks, cancellationToken).ConfigureAwait(false))
        {
            return new SubmitResult(SubmitReason.DuplicateJobId, jobId, $"job {jobId} exists", "jobId");
        }

        _state.Jobs.Remember(new JobContext(job, submission.Spec, plan.Verification));
        return new SubmitResult(SubmitReason.Accepted, jobId, $"{job.Detail}; {quote.Total} micro-units escrowed ({QuoteText(quote)})") { Quote = quote };
    }

    /// <summary>
    /// Books the job's escrow (the ledger's commit comes before the work store's: coordinator/README.md, "Writes across
    /// stores"). An escrow already booked under the job's key, with no job stored (a crash between the two commits), is
    /// taken over by this resubmission when it holds the same quote from the same submitter — also in a later epoch, where
    /// booking the transfer again would conflict with the earlier entry's epoch — so the money is held once.
    /// </summary>
    /// <returns>Null when escrowed, else the refusal.</returns>
    private async Task<SubmitResult?> EscrowAsync(string jobId, string submitter, JobQuote quote, CancellationToken cancellationToken)
    {
        var owner = AccountId.Owner(submitter);
        if (await _ledger.FindByIdempotencyKeyAsync(JobFunds.EscrowKey(jobId), cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            if (earlier.Books(JobFunds.Escrow(jobId, owner, quote.Total, earlier.EpochId)))
            {
                _logger.LogInformation("Job {JobId}: its escrow of {Total} was booked before its job was stored (a crash between the two); taken over", jobId, quote.Total);
                return null;
            }

            return new SubmitResult(SubmitReason.DuplicateJobId, null,
                $"job id {jobId} already holds an escrow for another quote or submitter; submit under a new job id", "jobId") { Quote = quote };
        }

        var escrow = await _ledger.AppendAsync([JobFunds.Escrow(jobId, owner, quote.Total, _state.Epochs.Current.Id)], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return escrow.IsSuccess ? null
            : escrow.ReasonCode == LedgerReasonCode.Overdrawn
                ? new SubmitResult(SubmitReason.InsufficientFunds, null, $"{submitter} cannot cover the escrow of {quote.Total} micro-units ({QuoteText(quote)})", "maxPrice") { Quote = quote }
                : new SubmitResult(SubmitReason.InsufficientFunds, null, $"the escrow was refused: {escrow.ReasonCode}", "maxPrice") { Quote = quote };
    }

    private static string QuoteText(JobQuote quote) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"work up to {quote.Compute} at {quote.Rate} per million units on up to {quote.ReplicasCharged} replicas, storage {quote.Storage} for {quote.StorageBytes} bytes");

    private string NewJobId()
    {
        var stamp = _state.Time.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"j{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>
    /// Compiles a spec's module (if it has one) as a gateway would; returns the problem, or null when it follows the ABI
    /// and its initial memory fits the tasks' memory limit (a module that does not would end every task MemoryLimit).
    /// </summary>
    private static string? CheckModule(JobSpec spec)
    {
        var kind = JobKinds.Of(spec);
        var module = kind.WasmModule(spec);
        if (module is null)
        {
            return null;
        }

        var checkedModule = ModuleValidator.Shared.Validate(module);
        if (!checkedModule.IsSuccess)
        {
            return checkedModule.Message;
        }

        return kind.WasmMemoryBytes(spec) is { } limit && (ulong)checkedModule.InitialMemoryBytes > limit
            ? $"the module's initial memory of {checkedModule.InitialMemoryBytes} bytes exceeds the tasks' memory limit of {limit} bytes (memoryBytes): every task would end MemoryLimit"
            : null;
    }
}
