using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// Reads the body of <c>POST /api/jobs</c>: <c>{"spec": {...}, "maxPrice": 1000, "jobId": "optional"}</c>; <c>maxPrice</c>
/// is optional, and <c>fee</c> (its name before jobs were priced) is read as it.
/// </summary>
public static class JobSubmissionBody
{
    /// <summary>The largest body accepted (a WASM module travels base64 in the spec).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private static readonly string[] Members = ["spec", "maxPrice", "fee", "jobId"];

    /// <summary>Reads the submission of <paramref name="submitter"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="submitter">The owner whose token made the request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The submission, or the 400/413 problem.</returns>
    public static async Task<(JobSubmission? Submission, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, string submitter, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJsonBody.ReadAsync(request, MaxBytes, Members, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, problem);
        }

        using (body)
        {
            if (!body.Root.TryGetProperty("spec", out var specElement) || specElement.ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                return (null, ApiProblems.BadRequest("spec", $"spec is required: a job spec object with a \"kind\" ({string.Join(", ", JobKinds.Names)})"));
            }

            var spec = JobJson.DeserializeSpec(specElement.GetRawText());
            if (!spec.IsSuccess)
            {
                return (null, ApiProblems.BadRequest("spec", spec.Error ?? "the job spec is not valid"));
            }

            if (body.OptionalLong("maxPrice", out var maxPrice) is { } maxProblem)
            {
                return (null, maxProblem);
            }

            // "fee", the flat fee of the API before jobs were priced, is read as the maximum price
            if (body.OptionalLong("fee", out var fee) is { } feeProblem)
            {
                return (null, feeProblem);
            }

            if (maxPrice is not null && fee is not null)
            {
                return (null, ApiProblems.BadRequest("fee", "give maxPrice or fee (its older name), not both"));
            }

            if (body.String("jobId", required: false, out var jobId) is { } idProblem)
            {
                return (null, idProblem);
            }

            if (jobId is not null && (!ProtocolId.IsValid(jobId) || jobId.Length > JobLimits.MaxJobIdLength))
            {
                return (null, ApiProblems.BadRequest("jobId", $"jobId \"{ApiQuery.Clip(jobId)}\" must be 1 to {JobLimits.MaxJobIdLength} characters of [a-z0-9-]"));
            }

            return (new JobSubmission(spec.Value!, submitter, maxPrice ?? fee, jobId), null);
        }
    }
}
