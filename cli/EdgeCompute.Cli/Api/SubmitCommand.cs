using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute submit KIND</c>: builds a job spec with <see cref="JobJson"/> and submits it with <see cref="EdgeCompute.Client.EdgeComputeClient"/> (<c>POST /api/jobs</c>, always with a job id); with <c>--wait</c> follows it to its end.</summary>
internal static class SubmitCommand
{
    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var submit = new Command("submit", "Submit a job to the coordinator's API, paid from the token owner's balance.");
        foreach (var (name, description, options, build) in JobSpecs.Kinds())
        {
            var fee = ApiOptions.MaxPrice();
            var deadline = ApiOptions.Deadline();
            var jobId = new Option<string>("--job-id") { Description = "The job's id ([a-z0-9-], at most 27); a resubmission with it charges nothing again.", HelpName = "ID" };
            var token = ApiOptions.Token("the submitter, who pays");
            var api = ApiOptions.Api();
            var ca = ApiOptions.Ca();
            var wait = new Option<bool>("--wait") { Description = "Wait until the job completes or fails; print its result." };
            var command = new Command(name, description) { fee, deadline, jobId, token, api, ca, wait };
            foreach (var option in options)
            {
                command.Add(option);
            }

            command.SetAction(async (parsed, cancellationToken) =>
            {
                var spec = ApiOptions.WithDeadline(build(parsed), parsed.GetValue(deadline));
                using var specJson = JsonDocument.Parse(JobJson.Serialize(spec));
                using var session = ApiSession.Open(parsed.GetRequiredValue(api), ApiOptions.RequireToken(parsed, token, context), context, parsed.GetValue(ca));
                var submission = new JobSubmission(specJson.RootElement.Clone(), parsed.GetValue(fee), parsed.GetValue(jobId)); // no --job-id: the client mints one, so a retry charges once
                var accepted = await session.CallAsync(c => c.SubmitJobAsync(submission, cancellationToken)).ConfigureAwait(false);
                var state = accepted.Status == JobStatuses.Running ? "" : $" ({accepted.Status})";
                await context.Out.WriteLineAsync($"Job {accepted.JobId} accepted{state}: {accepted.Detail}").ConfigureAwait(false);
                return parsed.GetValue(wait) ? await JobWaiter.WaitAsync(session, accepted.JobId, context, cancellationToken).ConfigureAwait(false) : ExitCodes.Ok;
            });
            submit.Add(command);
        }

        submit.Add(WasmSubmitCommand.Create(context));
        return submit;
    }
}
