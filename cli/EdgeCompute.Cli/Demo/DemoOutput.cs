using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Demo;

/// <summary>Where the demo writes: lines always; the live progress and the summary table only without <c>--json</c>.</summary>
internal sealed class DemoOutput(CliContext context, bool json)
{
    public bool Json => json;

    public bool Interactive { get; } = !json && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;

    public TextWriter Out => context.Out;

    public Task LineAsync(string line) => context.Out.WriteLineAsync(line);

    public async Task SummaryAsync(DemoReport report)
    {
        if (json)
        {
            return;
        }

        var o = context.Out;
        await o.WriteLineAsync().ConfigureAwait(false);
        await o.WriteLineAsync($"{"job",-26} {"kind",-14} {"status",-10} result").ConfigureAwait(false);
        foreach (var job in report.Jobs)
        {
            await o.WriteLineAsync($"{job.Id,-26} {job.Kind,-14} {job.Status,-10} {job.Result}").ConfigureAwait(false);
        }

        await o.WriteLineAsync().ConfigureAwait(false);
        var t = report.Tasks;
        await o.WriteLineAsync($"tasks      issued {t.Issued}, verified {t.Verified}, results rejected {t.Rejected}, reissued {t.Reissued}").ConfigureAwait(false);
        var r = report.Telemetry;
        await o.WriteLineAsync($"readings   sent {r.ReadingsSent:N0}, stored {r.ReadingsStored:N0}, lost {r.ReadingsLost:N0} ({r.FramesMissing} frames missing in the stored sequences)").ConfigureAwait(false);
        await o.WriteLineAsync($"cheaters   {report.Cheaters.Detected} of {report.Cheaters.Count} caught ({string.Join(", ", report.Cheaters.Devices)})").ConfigureAwait(false);
        if (report.Epoch is { } e)
        {
            await o.WriteLineAsync($"epoch {e.Id}    paid {e.TotalPaid:N0} µ to {e.Owners} owners; Gini {e.Gini:F3}, Nakamoto {e.Nakamoto}, top decile {e.TopDecileShare:P1}; root {e.StatementRoot[..16]}…").ConfigureAwait(false);
        }

        await o.WriteLineAsync($"ledger     {report.Ledger.Entries} entries, {report.Ledger.Statements} statements: {(report.Ledger.Verified ? "verified" : "NOT VERIFIED")} {report.Ledger.Detail}").ConfigureAwait(false);
        await o.WriteLineAsync($"outputs    {report.Outputs.RenderPng ?? "(no image)"}, {report.Outputs.RewardsPng ?? "(no chart)"}").ConfigureAwait(false);
        foreach (var problem in report.Problems)
        {
            await o.WriteLineAsync($"problem    {problem}").ConfigureAwait(false);
        }
    }
}
