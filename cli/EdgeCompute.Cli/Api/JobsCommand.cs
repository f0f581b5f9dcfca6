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
        var result = new Option<bool>("--result") { Description = "Print the job's merged result (JSON)." };
        var image = new Option<FileInfo>("--image") { Description = "Save the image of a completed wasm-map job (mandelbrot) as PNG.", HelpName = "FILE.png" };
        var status = new Option<string>("--status") { Description = "List only running, completed or failed jobs." };
        status.AcceptOnlyFromAmong("running", "completed", "failed");
        var limit = new Option<int>("--limit") { Description = "Jobs listed.", HelpName = "N", DefaultValueFactory = _ => 50 }.InRange(1, 500);
        var api = ApiOptions.Api();
        var command = new Command("jobs", "List jobs, or show one job with its tasks, its result or its image.") { id, result, image, status, limit, api };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var client = ApiClient.Create(parsed.GetRequiredValue(api), null);
            var jobId = parsed.GetValue(id);
            var o = context.Out;
            if (jobId is null)
            {
                if (parsed.GetValue(result) || parsed.GetValue(image) is not null)
                {
                    throw CommandFailedException.Usage("--result and --image need a job ID");
                }

                var query = $"/api/jobs?limit={parsed.GetValue(limit)}" + (parsed.GetValue(status) is { } s ? $"&status={s}" : "");
                using var page = await client.GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
                foreach (var job in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    await o.WriteLineAsync(
                        $"{job.GetProperty("id").GetString(),-28} {job.GetProperty("kind").GetString(),-13} {job.GetProperty("status").GetString(),-9} fee {job.GetProperty("fee").GetInt64(),10}  {job.GetProperty("submitter").GetString()}  {job.GetProperty("detail").GetString()}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var path = $"/api/jobs/{Uri.EscapeDataString(jobId)}";
            if (parsed.GetValue(image) is { } file)
            {
                using var response = await client.GetAsync(path + "/image.png", cancellationToken).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
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
                using var merged = await client.GetJsonAsync(path + "/result", cancellationToken).ConfigureAwait(false);
                await o.WriteLineAsync(JsonSerializer.Serialize(merged.RootElement)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            using var view = await client.GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
            var j = view.RootElement;
            await o.WriteLineAsync($"Job {j.GetProperty("id").GetString()} ({j.GetProperty("kind").GetString()}): {j.GetProperty("status").GetString()}").ConfigureAwait(false);
            await o.WriteLineAsync($"  submitter  {j.GetProperty("submitter").GetString()}, fee {j.GetProperty("fee").GetInt64()}").ConfigureAwait(false);
            await o.WriteLineAsync($"  created    {j.GetProperty("created").GetString()}; finished {(j.GetProperty("finished").ValueKind == JsonValueKind.Null ? "-" : j.GetProperty("finished").GetString())}").ConfigureAwait(false);
            if (j.TryGetProperty("tasks", out var t))
            {
                await o.WriteLineAsync(
                    $"  tasks      {t.GetProperty("total").GetInt32()}: {t.GetProperty("verified").GetInt32()} verified, {t.GetProperty("open").GetInt32()} open, {t.GetProperty("failed").GetInt32()} failed").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"  detail     {j.GetProperty("detail").GetString()}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
