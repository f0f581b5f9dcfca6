using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// <c>DELETE /api/jobs/{id}</c>: cancels a running job. Only its submitter's token or the operator token may (403
/// otherwise). The cancelled status is committed before anything else, so no verdict lands after it; open assignments
/// are closed; work verified before the cancel is paid and the rest of the escrow refunded exactly. Idempotent: a repeat
/// answers 200 with the same split.
/// </summary>
public static class JobCancelEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapJobCancelEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapDelete("/jobs/{id}", CancelAsync).WithName("CancelJob")
            .WithSummary("Cancel a running job (its submitter or the operator): verified work is paid, the rest of the fee refunded")
            .RequireApiToken(ApiTokenScope.SubmitterOrOperator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    /// <summary>Cancels a job.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the split, or a problem (401, 403, 404, 409).</returns>
    public static async Task<Results<Ok<JobCancelled>, ProblemHttpResult>> CancelAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        var caller = auth.Identify(context.Request);
        if (ApiAccess.RequireAuthenticated(context, caller, "cancelling a job") is { } unauthenticated)
        {
            return unauthenticated;
        }

        if (await JobsEndpoints.FindAsync(api, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return JobsEndpoints.UnknownJob(id);
        }

        if (!caller.Is(job.Submitter) && caller.Kind != ApiCallerKind.Operator)
        {
            return ApiProblems.Forbidden($"only the job's submitter or the operator may cancel job {job.JobId}");
        }

        var result = await api.Work.Cancel.CancelAsync(job.JobId, caller.Kind == ApiCallerKind.Operator ? "the operator" : $"owner {caller.OwnerId}", cancellationToken)
            .ConfigureAwait(false);
        return result.Reason switch
        {
            CancelReason.Cancelled or CancelReason.AlreadyCancelled => TypedResults.Ok(new JobCancelled(job.JobId, JobStatusNames.Name(JobStatus.Cancelled),
                result.VerifiedTasks, result.TotalTasks, job.Fee, result.Paid, result.Refunded, result.Reason == CancelReason.AlreadyCancelled)),
            CancelReason.NotFound => JobsEndpoints.UnknownJob(id),
            _ => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.JobFinished, "Job finished", result.Detail,
                ("jobStatus", JobStatusNames.Name(job.Status))),
        };
    }
}
