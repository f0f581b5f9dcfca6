using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// <c>edgecompute submit wasm --module FILE.wasm --inputs PATH… [--fuel N] [--memory BYTES] [--max-price N] [--deadline DURATION] [--out DIR] [--wait]</c>:
/// the researcher's command. Uploads the module and the inputs the coordinator does not already hold for this owner
/// (by SHA-256, with a progress bar), submits a <c>wasm-map</c> job naming them by hash (one task per input), and with
/// <c>--wait</c> follows the tasks (verified / total, failed, ETA), then writes each output to <c>--out</c> in input order
/// with <c>manifest.json</c> (input hash → output hash, the nodes that agreed). Exits 0 only when every task is verified.
/// </summary>
internal static class WasmSubmitCommand
{
    /// <summary>How often the job is asked after while waiting.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var module = new Option<FileInfo>("--module") { Description = "The WebAssembly module (docs/wasm-abi.md), binary .wasm or text .wat, at most 8 MiB.", HelpName = "FILE.wasm", Required = true };
        var inputs = new Option<string[]>("--inputs")
        {
            Description = "Input files, or folders whose files are taken in name order; one task per file, each at most 4 MiB.",
            HelpName = "PATH", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var fuel = new Option<ulong>("--fuel") { Description = "The fuel budget of each task (about one unit per WebAssembly instruction).", HelpName = "N", DefaultValueFactory = _ => 1_000_000_000 };
        var memory = new Option<ulong>("--memory") { Description = "The most linear memory each task may use, bytes (65536 to 4294967296).", HelpName = "BYTES", DefaultValueFactory = _ => 64UL << 20 };
        var fee = ApiOptions.MaxPrice();
        var deadline = ApiOptions.Deadline();
        var jobId = new Option<string>("--job-id") { Description = "The job's id ([a-z0-9-], at most 27); a resubmission with it charges nothing again.", HelpName = "ID" };
        var output = new Option<DirectoryInfo>("--out") { Description = "With --wait: the folder the outputs and manifest.json are written to.", HelpName = "DIR" };
        var wait = new Option<bool>("--wait") { Description = "Follow the tasks to the job's end, then write the outputs to --out." };
        var token = ApiOptions.Token("the submitter, who pays");
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var command = new Command("wasm", "Run your WebAssembly module over your input files: upload what the coordinator lacks, submit, follow, fetch the outputs.")
        {
            module, inputs, fuel, memory, fee, deadline, jobId, output, wait, token, api, ca,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var moduleBytes = WasmModule.Load(parsed.GetRequiredValue(module));

            if (parsed.GetValue(fee) <= 0)
            {
                throw CommandFailedException.Usage($"--fee must be positive, found {parsed.GetValue(fee)}");
            }

            var files = WasmInputs.Expand(parsed.GetRequiredValue(inputs));
            var outFolder = parsed.GetValue(output);
            if (outFolder is not null && !parsed.GetValue(wait))
            {
                throw CommandFailedException.Usage("--out needs --wait (the outputs are written when the job completes)");
            }

            using var session = ApiSession.Open(parsed.GetRequiredValue(api), ApiOptions.RequireToken(parsed, token, context), context, parsed.GetValue(ca));
            var interactive = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
            var hashes = await UploadAsync(session, moduleBytes, files, interactive, context, cancellationToken).ConfigureAwait(false);
            var inputHashes = hashes.Skip(1).ToList();
            var members = new Dictionary<string, object>
            {
                ["kind"] = "wasm-map",
                ["moduleSha256"] = hashes[0],
                ["inputSha256"] = inputHashes,
                ["fuel"] = parsed.GetValue(fuel),
                ["memoryBytes"] = parsed.GetValue(memory),
            };
            if (parsed.GetValue(deadline) is { } within)
            {
                members["deadlineSeconds"] = (long)Math.Ceiling(within.TotalSeconds);
            }

            var spec = JsonSerializer.SerializeToElement(members);
            var accepted = await session.CallAsync(c => c.SubmitJobAsync(new JobSubmission(spec, parsed.GetValue(fee), parsed.GetValue(jobId)), cancellationToken))
                .ConfigureAwait(false);
            var state = accepted.Status == JobStatuses.Running ? "" : $" ({accepted.Status})";
            await context.Out.WriteLineAsync($"Job {accepted.JobId} accepted{state}: {accepted.Detail}").ConfigureAwait(false);
            if (!parsed.GetValue(wait))
            {
                await context.Out.WriteLineAsync($"Follow it with: edgecompute jobs {accepted.JobId}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var job = await FollowAsync(session, accepted.JobId, interactive, context, cancellationToken).ConfigureAwait(false);
            if (job.Status != JobStatuses.Completed)
            {
                throw CommandFailedException.Failure($"job {job.Id} {job.Status}: {job.Detail} (edgecompute jobs {job.Id} lists the failed tasks and why)");
            }

            if (outFolder is null)
            {
                await context.Out.WriteLineAsync($"Job {job.Id} completed: {job.Detail}. Give --out DIR to write its outputs.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var written = await WasmOutputs.WriteAsync(session, job.Id, files, inputHashes, outFolder, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Job {job.Id} completed: {written} outputs written to {outFolder.FullName}, with manifest.json.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Hashes the module and every input and uploads those this owner does not hold yet; returns the hashes, the module's first, then the inputs' in order.</summary>
    private static async Task<List<string>> UploadAsync(ApiSession session, byte[] module, IReadOnlyList<FileInfo> files, bool interactive, CliContext context,
        CancellationToken cancellationToken)
    {
        var moduleHash = Convert.ToHexStringLower(SHA256.HashData(module));
        var hashes = new List<string>(files.Count + 1) { moduleHash };
        var distinct = new Dictionary<string, FileInfo?>(StringComparer.Ordinal) { [moduleHash] = null };
        foreach (var file in files)
        {
            string hash;
            try
            {
                await using var stream = file.OpenRead();
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"cannot read {file.FullName}: {e.Message}");
            }

            hashes.Add(hash);
            distinct.TryAdd(hash, file);
        }

        var missing = new List<(string Hash, FileInfo? File)>();
        foreach (var (hash, file) in distinct)
        {
            if (!await session.CallAsync(c => c.HasBlobAsync(hash, cancellationToken)).ConfigureAwait(false))
            {
                missing.Add((hash, file));
            }
        }

        var total = missing.Sum(m => m.File?.Length ?? module.Length);
        var progress = new ProgressLine(context.Out, interactive);
        long sent = 0;
        var started = context.Time.GetTimestamp();
        progress.Draw("upload", 0, total, $"0 of {missing.Count} files ({Mib(total)} MiB); {distinct.Count - missing.Count} already held");
        for (var i = 0; i < missing.Count; i++)
        {
            var (hash, file) = missing[i];
            await using Stream stream = file is null ? new MemoryStream(module, writable: false) : file.OpenRead();
            var stored = await session.CallAsync(c => c.UploadBlobAsync(stream, cancellationToken)).ConfigureAwait(false);
            if (stored.Sha256 != hash)
            {
                throw CommandFailedException.Failure($"{file?.FullName ?? "--module"} changed while it was uploaded (its hash is now {stored.Sha256}); run the command again");
            }

            sent += stream.Length;
            var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
            progress.Draw("upload", sent, total, string.Create(CultureInfo.InvariantCulture,
                $"{i + 1} of {missing.Count} files, {Mib(sent)} of {Mib(total)} MiB{(seconds > 0 ? $", {sent / 1_048_576.0 / seconds:0.0} MiB/s" : "")}"));
        }

        progress.Finish();
        return hashes;
    }

    /// <summary>Follows the job until it ends, drawing its tasks' progress.</summary>
    private static async Task<JobView> FollowAsync(ApiSession session, string id, bool interactive, CliContext context, CancellationToken cancellationToken)
    {
        var progress = new ProgressLine(context.Out, interactive);
        var started = context.Time.GetTimestamp();
        var waitingShown = new JobStatusChanges(context.Out);
        while (true)
        {
            var job = await session.CallAsync(c => c.GetJobAsync(id, cancellationToken)).ConfigureAwait(false);
            waitingShown.Report(job);
            if (job.Tasks is { } t)
            {
                var elapsed = context.Time.GetElapsedTime(started).TotalSeconds;
                var eta = t.Verified > 0 && t.Verified < t.Total ? string.Create(CultureInfo.InvariantCulture, $", ETA {elapsed / t.Verified * (t.Total - t.Verified):0} s") : "";
                progress.Draw("tasks", t.Verified, t.Total, $"{t.Verified}/{t.Total} verified, {t.Failed} failed{eta}");
            }

            if (JobStatuses.IsFinal(job.Status))
            {
                progress.Finish();
                return job;
            }

            await Task.Delay(PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Mib(long bytes) => (bytes / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
