using System.CommandLine;
using System.Formats.Cbor;
using System.Text;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Telemetry;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute telemetry export</c>: one device's channel from <c>GET /api/telemetry</c>, every page followed to the end.</summary>
internal static class TelemetryCommand
{
    /// <summary>Rows asked for per page (the API's largest).</summary>
    public const int PageSize = 10_000;

    private static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var device = new Option<string>("--device") { Description = "The device (or a gateway, for its own sensors).", HelpName = "ID", Required = true };
        var channel = new Option<string>("--channel") { Description = "The channel, such as temp.", HelpName = "C", Required = true };
        var from = new Option<string>("--from") { Description = "Start, inclusive: ISO 8601 (2026-01-01T08:30:00Z, 2026-01-01) or ms since the Unix epoch [default: the beginning].", HelpName = "T" };
        var to = new Option<string>("--to") { Description = "End, exclusive [default: no end].", HelpName = "T" };
        var format = new Option<string>("--format")
        {
            Description = "csv (a header line, then one row per window), json (one array of points), senml-json or senml-cbor (one RFC 8428 SenML pack; senml-cbor needs --out).",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "json", SenmlMediaTypes.JsonFormat, SenmlMediaTypes.CborFormat);
        var output = new Option<FileInfo>("--out") { Description = "Write to this file [default: standard output].", HelpName = "FILE" };
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var export = new Command("export", "Export a device's channel as CSV, JSON or SenML (JSON or CBOR), following the API's pages to the end.") { device, channel, from, to, format, output, api, ca };
        export.SetAction(async (parsed, cancellationToken) =>
        {
            var query = new TelemetryQuery(parsed.GetRequiredValue(device), parsed.GetRequiredValue(channel)) { From = parsed.GetValue(from), To = parsed.GetValue(to), Limit = PageSize };
            var file = parsed.GetValue(output);
            if (parsed.GetRequiredValue(format) is SenmlMediaTypes.JsonFormat or SenmlMediaTypes.CborFormat)
            {
                return await ExportSenmlAsync(context, parsed.GetRequiredValue(api), parsed.GetValue(ca), query, parsed.GetRequiredValue(format) == SenmlMediaTypes.CborFormat, file, cancellationToken).ConfigureAwait(false);
            }

            using var session = ApiSession.Open(parsed.GetRequiredValue(api), null, context, parsed.GetValue(ca));
            var rows = 0L;
            var text = new StringWriter();
            var csv = parsed.GetRequiredValue(format) == "csv";
            if (!csv)
            {
                await text.WriteAsync('[').ConfigureAwait(false);
            }

            long? after = null;
            do
            {
                if (csv)
                {
                    var page = await session.CallAsync(c => c.ExportTelemetryAsync(query with { After = after }, TelemetryFormat.Csv, cancellationToken)).ConfigureAwait(false);
                    after = page.NextAfter;
                    var lines = Encoding.UTF8.GetString(page.Content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                    foreach (var line in rows == 0 ? lines : lines.Skip(1))
                    {
                        await text.WriteAsync(line + "\r\n").ConfigureAwait(false);
                    }

                    rows += Math.Max(0, lines.Length - 1);
                }
                else
                {
                    var page = await session.CallAsync(c => c.GetTelemetryAsync(query with { After = after }, cancellationToken)).ConfigureAwait(false);
                    after = page.Next;
                    foreach (var point in page.Points)
                    {
                        await text.WriteAsync((rows++ == 0 ? "" : ",") + JsonSerializer.Serialize(point, Web)).ConfigureAwait(false);
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

    /// <summary>
    /// Follows every page of SenML (the API's <c>format=senml-json|senml-cbor</c>) and writes one pack: the pages' records
    /// in order. Each page starts with its own base fields, so the joined pack resolves to the same records.
    /// </summary>
    private static async Task<int> ExportSenmlAsync(CliContext context, EdgeCompute.Cli.Endpoints.Endpoint apiUrl, FileInfo? ca, TelemetryQuery query, bool cbor, FileInfo? file, CancellationToken cancellationToken)
    {
        if (cbor && file is null)
        {
            throw CommandFailedException.Usage("--format senml-cbor writes binary CBOR: give --out FILE");
        }

        using var session = ApiSession.Open(apiUrl, null, context, ca);
        var records = new List<byte[]>(); // each record's encoded bytes, as the API wrote it
        long? after = null;
        do
        {
            var answer = await session.CallAsync(c => c.ExportTelemetryAsync(query with { After = after }, cbor ? TelemetryFormat.SenmlCbor : TelemetryFormat.SenmlJson, cancellationToken))
                .ConfigureAwait(false);
            after = answer.NextAfter;
            var page = answer.Content;
            if (cbor)
            {
                var reader = new CborReader(page);
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    records.Add(reader.ReadEncodedValue().ToArray());
                }
            }
            else
            {
                using var json = JsonDocument.Parse(page);
                records.AddRange(json.RootElement.EnumerateArray().Select(r => Encoding.UTF8.GetBytes(r.GetRawText())));
            }

        }
        while (after is not null);

        byte[] pack;
        if (cbor)
        {
            var writer = new CborWriter(CborConformanceMode.Lax);
            writer.WriteStartArray(records.Count);
            foreach (var record in records)
            {
                writer.WriteEncodedValue(record);
            }

            writer.WriteEndArray();
            pack = writer.Encode();
        }
        else
        {
            pack = Encoding.UTF8.GetBytes("[" + string.Join(",", records.Select(Encoding.UTF8.GetString)) + "]\n");
        }

        if (file is null)
        {
            await context.Out.WriteAsync(Encoding.UTF8.GetString(pack)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        try
        {
            await File.WriteAllBytesAsync(file.FullName, pack, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Failure($"--out: cannot write {file.FullName}: {e.Message}");
        }

        await context.Out.WriteLineAsync($"Wrote {records.Count} SenML records ({records.Count / 6} windows) to {file.FullName}.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
