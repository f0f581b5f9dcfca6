using System.CommandLine;
using System.Text;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute telemetry export</c>: one device's channel from <c>GET /api/telemetry</c>, every page followed to the end.</summary>
internal static class TelemetryCommand
{
    /// <summary>Rows asked for per page (the API's largest).</summary>
    public const int PageSize = 10_000;

    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var device = new Option<string>("--device") { Description = "The device (or a gateway, for its own sensors).", HelpName = "ID", Required = true };
        var channel = new Option<string>("--channel") { Description = "The channel, such as temp.", HelpName = "C", Required = true };
        var from = new Option<string>("--from") { Description = "Start, inclusive: ISO 8601 (2026-01-01T08:30:00Z, 2026-01-01) or ms since the Unix epoch [default: the beginning].", HelpName = "T" };
        var to = new Option<string>("--to") { Description = "End, exclusive [default: no end].", HelpName = "T" };
        var format = new Option<string>("--format") { Description = "csv (a header line, then one row per window) or json (one array of points).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo>("--out") { Description = "Write to this file [default: standard output].", HelpName = "FILE" };
        var api = ApiOptions.Api();
        var export = new Command("export", "Export a device's channel as CSV or JSON, following the API's pages to the end.") { device, channel, from, to, format, output, api };
        export.SetAction(async (parsed, cancellationToken) =>
        {
            var query = new StringBuilder($"/api/telemetry?device={Uri.EscapeDataString(parsed.GetRequiredValue(device))}&channel={Uri.EscapeDataString(parsed.GetRequiredValue(channel))}");
            query.Append($"&format={parsed.GetRequiredValue(format)}&limit={PageSize}");
            if (parsed.GetValue(from) is { } f)
            {
                query.Append($"&from={Uri.EscapeDataString(f)}");
            }

            if (parsed.GetValue(to) is { } t)
            {
                query.Append($"&to={Uri.EscapeDataString(t)}");
            }

            using var client = ApiClient.Create(parsed.GetRequiredValue(api), null);
            var file = parsed.GetValue(output);
            var rows = 0L;
            var text = new StringWriter();
            var csv = parsed.GetRequiredValue(format) == "csv";
            if (!csv)
            {
                await text.WriteAsync('[').ConfigureAwait(false);
            }

            string? after = null;
            do
            {
                using var response = await client.GetAsync(query + (after is null ? "" : $"&after={after}"), cancellationToken).ConfigureAwait(false);
                after = response.Headers.TryGetValues("X-Next-After", out var next) ? next.FirstOrDefault() : null;
                if (csv)
                {
                    var lines = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                    foreach (var line in rows == 0 ? lines : lines.Skip(1))
                    {
                        await text.WriteAsync(line + "\r\n").ConfigureAwait(false);
                    }

                    rows += Math.Max(0, lines.Length - 1);
                }
                else
                {
                    using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    foreach (var point in page.RootElement.GetProperty("points").EnumerateArray())
                    {
                        await text.WriteAsync((rows++ == 0 ? "" : ",") + point.GetRawText()).ConfigureAwait(false);
                    }
                }
            }
            while (after is not null);

            if (!csv)
            {
                await text.WriteLineAsync(']').ConfigureAwait(false);
            }

            if (file is null)
            {
                await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            try
            {
                await File.WriteAllTextAsync(file.FullName, text.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"--out: cannot write {file.FullName}: {e.Message}");
            }

            await context.Out.WriteLineAsync($"Wrote {rows} rows to {file.FullName}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("telemetry", "Read the network's stored telemetry through the API.") { export };
    }
}
