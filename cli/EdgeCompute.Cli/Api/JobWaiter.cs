using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>Follows a job (<c>GET /api/jobs/{id}</c>) until it completes or fails, then prints its result.</summary>
internal static class JobWaiter
{
    /// <summary>How often the job is asked after.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Waits for the job's end.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="id">The job id.</param>
    /// <param name="context">Output.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>0 when it completed (its result printed on the last line), 1 when it failed.</returns>
    public static async Task<int> WaitAsync(ApiClient client, string id, CliContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var job = await client.GetJsonAsync($"/api/jobs/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
            var status = job.RootElement.GetProperty("status").GetString();
            var detail = job.RootElement.GetProperty("detail").GetString();
            if (status == "failed")
            {
                throw CommandFailedException.Failure($"job {id} failed (its fee is refunded): {detail}");
            }

            if (status == "completed")
            {
                await context.Out.WriteLineAsync($"Job {id} completed: {detail}").ConfigureAwait(false);
                using var result = await client.GetJsonAsync($"/api/jobs/{Uri.EscapeDataString(id)}/result", cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(result.RootElement)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Task.Delay(PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
