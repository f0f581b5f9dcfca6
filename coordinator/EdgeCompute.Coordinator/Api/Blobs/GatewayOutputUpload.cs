using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Ids;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>
/// A gateway's upload of a task output too large for its batch item: <c>PUT /api/blobs/{sha256}?task=ID&amp;slot=N</c> with
/// <c>Authorization: Gateway &lt;id&gt;:&lt;central-broker password&gt;</c>, taken only while the gateway holds the open
/// assignment of that task and slot (so a gateway cannot fill anyone's quota with blobs of work it was never given). The
/// output is held for the job: by its submitter, within the submitter's quota, and named by the job so that it is
/// released with the job's other blobs when its retention ends.
/// </summary>
/// <param name="Owner">The job's submitter, who holds the output.</param>
/// <param name="JobId">The job the output belongs to.</param>
public sealed record GatewayOutputUpload(string Owner, string JobId)
{
    /// <summary>Checks a gateway's upload.</summary>
    /// <param name="context">The request (its <c>task</c> and <c>slot</c> query values).</param>
    /// <param name="api">The API services.</param>
    /// <param name="gateway">The gateway's credentials.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>Who holds the output and for which job, or the problem (400, 401, 403).</returns>
    public static async Task<(GatewayOutputUpload? Upload, ProblemHttpResult? Problem)> CheckAsync(HttpContext context, CoordinatorApiServices api, GatewayCredentials gateway,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(gateway);
        if (!api.Registry.CheckBrokerPassword(gateway.GatewayId, gateway.Password))
        {
            return (null, ApiProblems.Unauthorized(context, "the Authorization header is not \"Gateway <gateway id>:<central-broker password>\" of a registered gateway"));
        }

        var query = context.Request.Query;
        if (query["task"] is not [{ } taskId] || !ProtocolId.IsValid(taskId))
        {
            return (null, ApiProblems.BadRequest("task", $"a gateway uploads only a task output: give ?task=<task id>&slot=<slot> of the assignment it answers (a task id matches {ProtocolId.Rule})"));
        }

        if (query["slot"] is not [{ } slotText] || !uint.TryParse(slotText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slot))
        {
            return (null, ApiProblems.BadRequest("slot", "give ?slot=<replica slot> of the assignment the output answers, a whole number"));
        }

        var assignment = await api.WorkStore.FindAssignmentAsync(taskId, slot, gateway.GatewayId, cancellationToken).ConfigureAwait(false);
        if (assignment is not { State: AssignmentState.Issued } || assignment.GatewayId != gateway.GatewayId)
        {
            return (null, ApiProblems.Forbidden($"gateway {gateway.GatewayId} holds no open assignment of task {ApiQuery.Clip(taskId)} slot {slot}"));
        }

        var task = await api.WorkStore.FindTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        var job = task is null ? null : await api.WorkStore.FindJobAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        return job is null
            ? (null, ApiProblems.Forbidden($"task {ApiQuery.Clip(taskId)} belongs to no job this coordinator keeps"))
            : (new GatewayOutputUpload(job.Submitter, job.JobId), null);
    }
}
