using System.Text;
using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Docs;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// <c>POST /api/jobs</c> (an owner's token: the submitter is the token's owner), and the public reads
/// <c>GET /api/jobs</c>, <c>GET /api/jobs/{id}</c>, <c>GET /api/jobs/{id}/result</c>, <c>GET /api/jobs/{id}/image.png</c>.
/// </summary>
public static class JobsEndpoints
{
    /// <summary>The default page size of the job list.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size of the job list.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/jobs", SubmitAsync).WithName("SubmitJob").WithSummary("Submit a job paid by the token's owner")
            .Accepts<JobSubmissionRequest>("application/json").RequireApiToken(ApiTokenScope.AnyOwner).WithMetadata(ApiBodyLimit.From(endpoints, o => o.MaxJobBodyBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        endpoints.MapGet("/jobs", ListAsync).WithName("ListJobs").WithSummary("List jobs, newest first").ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/jobs/{id}", ShowAsync).WithName("ShowJob").WithSummary("One job with its task counts").ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/jobs/{id}/result", ResultAsync).WithName("JobResult").WithSummary("The merged result of a completed job")
            .Produces<JobResult>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapGet("/jobs/{id}/image.png", ImageAsync).WithName("JobImage").WithSummary("The image of a completed wasm-map job (PNG, escape times through a colour map)")
            .WithMetadata(new AlternateContent(StatusCodes.Status200OK, [EscapeTimePng.MediaType]))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    /// <summary>Submits a job paid by the token's owner.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>201 with the job id, or a problem (400, 401, 402, 403, 409, 413).</returns>
    public static async Task<Results<Created<JobAccepted>, ProblemHttpResult>> SubmitAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        var caller = auth.Identify(context.Request);
        if (ApiAccess.RequireAnyOwner(context, caller, "submitting a job") is { } denied)
        {
            return denied;
        }

        var submitter = caller.OwnerId!;
        var (submission, problem) = await JobSubmissionBody.ReadAsync(context.Request, submitter, cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            return problem!;
        }

        var result = await api.Work.Intake.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            var waiting = await api.WorkStore.FindJobAsync(result.JobId!, cancellationToken).ConfigureAwait(false) is { } job
                ? await api.Work.Fleet.WaitingForNodesAsync(job, cancellationToken).ConfigureAwait(false)
                : null;
            return TypedResults.Created($"/api/jobs/{result.JobId}", new JobAccepted(result.JobId!, waiting is null ? JobStatusNames.Name(JobStatus.Running) : JobStatusNames.WaitingForNodes,
                waiting is null ? result.Detail : $"{result.Detail}; waiting for nodes: {waiting}", result.Quote?.Total ?? 0));
        }

        return result.Reason switch
        {
            SubmitReason.DuplicateJobId => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.DuplicateJob, "Duplicate job id", result.Detail,
                ("field", "jobId"), ("jobId", result.JobId)),
            SubmitReason.InsufficientFunds => ApiProblems.Problem(StatusCodes.Status402PaymentRequired, ApiProblemTypes.InsufficientFunds, "Insufficient funds", result.Detail,
                ("field", "maxPrice"), ("fee", result.Quote?.Total), ("owner", submitter),
                ("balance", await api.Ledger.ReadBalanceAsync(AccountId.Owner(submitter), cancellationToken).ConfigureAwait(false))),
            SubmitReason.NoNodesForData => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.NoNodesForData, "No nodes for the data", result.Detail,
                ("field", SpecField(result.Field))),
            SubmitReason.InvalidModule => ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiProblemTypes.InvalidModule, "Invalid module", result.Detail,
                ("field", SpecField(result.Field))),
            SubmitReason.NeverPlaceable => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.NeverPlaceable, "Cannot be placed", result.Detail,
                ("field", SpecField(result.Field))),
            SubmitReason.UnknownSubmitter => ApiProblems.Forbidden(result.Detail),
            SubmitReason.ForeignBlob => ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiProblemTypes.ForeignBlob, "Foreign blob", result.Detail,
                ("field", SpecField(result.Field)), ("sha256", result.BlobHash)),
            SubmitReason.InvalidFee => ApiProblems.BadRequest("maxPrice", result.Detail),
            SubmitReason.PriceOverMax => ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiProblemTypes.PriceOverMax, "Price over the maximum", result.Detail,
                ("field", "maxPrice"), ("price", result.Quote?.Total), ("maxPrice", submission.MaxPrice)),
            _ => ApiProblems.BadRequest(SpecField(result.Field), result.Detail),
        };
    }

    /// <summary>Lists jobs newest first.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="status"><c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>; every job when absent.</param>
    /// <param name="offset">Jobs to skip (default 0).</param>
    /// <param name="limit">Page size (default 50, at most 500).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page, or 400.</returns>
    public static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListAsync(CoordinatorApiServices api, string? status, string? offset, string? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        JobStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!JobStatusNames.TryParse(status, out var parsed))
            {
                return ApiProblems.BadRequest("status", $"status must be running, completed, failed or cancelled, got \"{ApiQuery.Clip(status)}\"");
            }

            wanted = parsed;
        }

        if (ApiQuery.Int("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        var jobs = await api.WorkStore.ListJobsAsync(wanted, skip, take, cancellationToken).ConfigureAwait(false);
        var next = jobs.Count == take && skip <= int.MaxValue - take ? skip + take : (int?)null;
        var views = new List<JobView>(jobs.Count);
        foreach (var job in jobs)
        {
            views.Add(JobView.Of(job, null, await api.Work.Fleet.WaitingForNodesAsync(job, cancellationToken).ConfigureAwait(false)));
        }

        return TypedResults.Ok(new JobPage(views, skip, take, next));
    }

    /// <summary>Shows one job with its task counts.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the job, or 404.</returns>
    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> ShowAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (await FindAsync(api, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return UnknownJob(id);
        }

        var tasks = await api.WorkStore.ReadTasksAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(JobView.Of(job, tasks, await api.Work.Fleet.WaitingForNodesAsync(job, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>The merged result of a completed job, as the job JSON codec writes it.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the result JSON, 404 for an unknown job, 409 while running or when it failed.</returns>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ResultAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (await FindAsync(api, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return UnknownJob(id);
        }

        return NotCompleted(job) ?? (Results<ContentHttpResult, ProblemHttpResult>)TypedResults.Text(job.ResultJson!, "application/json", Encoding.UTF8);
    }

    /// <summary>The image of a completed <c>wasm-map</c> job with an image layout, as a PNG.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the PNG, 404 for an unknown job or one without an image, 409 while running or when it failed.</returns>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ImageAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (await FindAsync(api, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return UnknownJob(id);
        }

        if (NotCompleted(job) is { } notYet)
        {
            return notYet;
        }

        var result = JobJson.DeserializeResult(job.ResultJson);
        if (result.Value is not WasmMapJobResult { Image: { } image })
        {
            return ApiProblems.NotFound($"job {job.JobId} ({job.Kind}) has no image: only a wasm-map job with an image layout makes one");
        }

        return TypedResults.File(EscapeTimePng.Encode(image), EscapeTimePng.MediaType, $"{job.JobId}.png");
    }

    internal static async Task<JobRecord?> FindAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(id) || id.Length > 256 ? null : await api.WorkStore.FindJobAsync(id, cancellationToken).ConfigureAwait(false);

    internal static ProblemHttpResult UnknownJob(string id) => ApiProblems.NotFound($"there is no job \"{ApiQuery.Clip(id ?? "")}\"");

    private static ProblemHttpResult? NotCompleted(JobRecord job) => job.Status switch
    {
        JobStatus.Completed when job.ResultJson is not null => null,
        JobStatus.Running => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.JobRunning, "Job running",
            $"job {job.JobId} is still running ({job.Detail}); ask again when its status is completed", ("jobStatus", JobStatusNames.Name(job.Status))),
        JobStatus.Cancelled => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.JobCancelled, "Job cancelled",
            $"job {job.JobId} was cancelled: {job.Detail}", ("jobStatus", JobStatusNames.Name(job.Status))),
        _ => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.JobFailed, "Job failed",
            $"job {job.JobId} failed and was refunded: {job.Detail}", ("jobStatus", JobStatusNames.Name(job.Status))),
    };

    private static string SpecField(string? field) => field switch
    {
        null or "" => "spec",
        "fee" or "jobId" => field,
        _ => "spec." + field,
    };
}
