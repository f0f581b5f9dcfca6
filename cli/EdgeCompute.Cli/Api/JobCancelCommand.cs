using System.CommandLine;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// <c>edgecompute jobs cancel ID</c>: cancels a running job with the submitter's token (or the operator's). Prints how
/// the fee was split: the share for the tasks verified before the cancel paid, the rest refunded.
/// </summary>
internal static class JobCancelCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The job to cancel." };
        var token = ApiOptions.Token("the API token of the owner who submitted the job, or the operator token");
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var command = new Command("cancel", "Cancel a running job: work verified so far and its storage are charged, the rest of the escrow refunded.") { id, token, api, ca };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = ApiSession.Open(parsed.GetRequiredValue(api), ApiOptions.RequireToken(parsed, token, context), context, parsed.GetValue(ca));
            var jobId = parsed.GetRequiredValue(id);
            var cancelled = await session.CallAsync(c => c.CancelJobAsync(jobId, cancellationToken)).ConfigureAwait(false);
            await context.Out.WriteLineAsync(
                $"Job {cancelled.Id} {(cancelled.AlreadyCancelled ? "was already cancelled" : "cancelled")}: {cancelled.VerifiedTasks} of {cancelled.TotalTasks} tasks verified; " +
                $"of the escrow {cancelled.Fee}, {cancelled.Paid} charged for that work and storage and {cancelled.Refunded} refunded.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
