using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute jobs [ID]</c>: the jobs (newest first), or one job, its merged result or its image.</summary>
internal static class JobsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "A job id; without it the newest jobs are listed.", Arity = ArgumentArity.ZeroOrOne };
        var result = new Option<bool>("--result") { Description = "Print the job's merged result (JSON; one longer than 4,096 characters only into a file with --out)." };
        var image = new Option<FileInfo>("--image") { Description = "Save the image of a completed wasm-map job (mandelbrot) as PNG.", HelpName = "FILE.png" };
        var status = new Option<string>("--status") { Description = "List only running, completed, failed or cancelled jobs." };
        status.AcceptOnlyFromAmong("running", "completed", "failed", "cancelled");
        var limit = new Option<int>("--limit") { Description = "Jobs listed.", HelpName = "N", DefaultValueFactory = _ => 50 }.InRange(1, 500);
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's fields) instead of lines for a person." };
        var tasks = new Option<bool>("--tasks") { Description = "With ID: list every task with its nodes' outcomes and verdicts (by default only failed tasks)." };
        var output = new Option<FileInfo>("--out") { Description = "With --result: save the merged result to this file.", HelpName = "FILE.json" };
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var command = new Command("jobs", "List jobs, or show one job with its tasks, its result or its image; `jobs cancel ID` cancels one.")
        {
            id, result, output, image, status, limit, json, tasks, api, ca, JobCancelCommand.Create(context),
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = ApiSession.Open(parsed.GetRequiredValue(api), null, context, parsed.GetValue(ca));
            var jobId = parsed.GetValue(id);
            var o = context.Out;
            if (jobId is null)
            {
                if (parsed.GetValue(result) || parsed.GetValue(image) is not null || parsed.GetValue(tasks))
                {
                    throw CommandFailedException.Usage("--result, --image and --tasks need a job ID");
                }

                var page = await session.CallAsync(c => c.ListJobsAsync(parsed.GetValue(status), null, parsed.GetValue(limit), cancellationToken)).ConfigureAwait(false);
                if (parsed.GetValue(json))
                {
                    await o.WriteLineAsync(JsonSerializer.Serialize(page, ApiJson.Indented)).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                foreach (var job in page.Items)
                {
                    await o.WriteLineAsync($"{job.Id,-28} {job.Kind,-13} {job.Status,-9} {(job.Charged is { } charged ? $"charged {charged,10}" : $"escrow  {job.Fee,10}")}  {job.Submitter}  {job.Detail}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            if (parsed.GetValue(image) is { } file)
            {
                var bytes = await session.CallAsync(c => c.GetJobImageAsync(jobId, cancellationToken)).ConfigureAwait(false);
                try
                {
                    await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw CommandFailedException.Failure($"--image: cannot write {file.FullName}: {e.Message}");
                }

                await o.WriteLineAsync($"Saved the image of job {jobId} to {file.FullName} ({bytes.Length} bytes).").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (parsed.GetValue(result))
            {
                var merged = await session.CallAsync(c => c.GetJobResultAsync(jobId, cancellationToken)).ConfigureAwait(false);
                await JobResultOutput.WriteAsync(jobId, merged, parsed.GetValue(output), o, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            return await JobShow.PrintAsync(session, jobId, parsed.GetValue(json), parsed.GetValue(tasks), o, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

}
