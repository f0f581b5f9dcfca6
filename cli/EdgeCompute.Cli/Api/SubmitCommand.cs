using System.CommandLine;
using System.Text;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute submit KIND</c>: builds a job spec with <see cref="JobJson"/> and posts it to <c>POST /api/jobs</c>; with <c>--wait</c> follows it to its end.</summary>
internal static class SubmitCommand
{
    /// <summary>The fee when <c>--fee</c> is not given, micro-units.</summary>
    public const long DefaultFee = 100_000;

    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var submit = new Command("submit", "Submit a job to the coordinator's API, paid from the token owner's balance.");
        foreach (var (name, description, options, build) in JobSpecs.Kinds())
        {
            var fee = new Option<long>("--fee") { Description = "The fee in micro-units, escrowed from your balance and paid to the workers.", HelpName = "N", DefaultValueFactory = _ => DefaultFee };
            fee.Validators.Add(r =>
            {
                if (OptionRanges.TryGetValue(r, out long value) && value <= 0)
                {
                    r.AddError($"--fee must be positive, found {value}");
                }
            });
            var jobId = new Option<string>("--job-id") { Description = "The job's id ([a-z0-9-], at most 27); a resubmission with it charges nothing again.", HelpName = "ID" };
            var token = ApiOptions.Token("the submitter, who pays the fee");
            var api = ApiOptions.Api();
            var wait = new Option<bool>("--wait") { Description = "Wait until the job completes or fails; print its result." };
            var command = new Command(name, description) { fee, jobId, token, api, wait };
            foreach (var option in options)
            {
                command.Add(option);
            }

            command.SetAction(async (parsed, cancellationToken) =>
            {
                var spec = build(parsed);
                var body = Body(spec, parsed.GetValue(fee), parsed.GetValue(jobId));
                using var client = ApiClient.Create(parsed.GetRequiredValue(api), ApiOptions.RequireToken(parsed, token, context));
                using var accepted = await client.PostJsonAsync("/api/jobs", body, cancellationToken).ConfigureAwait(false);
                var id = accepted.RootElement.GetProperty("jobId").GetString()!;
                await context.Out.WriteLineAsync($"Job {id} accepted: {accepted.RootElement.GetProperty("detail").GetString()}").ConfigureAwait(false);
                return parsed.GetValue(wait) ? await JobWaiter.WaitAsync(client, id, context, cancellationToken).ConfigureAwait(false) : ExitCodes.Ok;
            });
            submit.Add(command);
        }

        return submit;
    }

    private static string Body(JobSpec spec, long fee, string? jobId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("spec");
            writer.WriteRawValue(JobJson.Serialize(spec));
            writer.WriteNumber("fee", fee);
            if (jobId is not null)
            {
                writer.WriteString("jobId", jobId);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
