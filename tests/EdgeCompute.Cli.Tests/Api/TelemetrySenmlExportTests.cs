using System.Globalization;
using System.Net;
using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;
using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Cli.Tests.Api;

/// <summary>
/// <c>edgecompute telemetry export --format senml-json|senml-cbor</c> against a stand-in of <c>GET /api/telemetry</c> that
/// serves known rows in pages of 10, encoded by the coordinator's own SenML writer, paged through <c>X-Next-After</c>:
/// the export follows every page and writes one pack that resolves to every row.
/// </summary>
public sealed class TelemetrySenmlExportTests : IAsyncDisposable
{
    private const int PageSize = 10;
    private static readonly TelemetryPoint[] Rows = [.. Enumerable.Range(0, 25).Select(i =>
        new TelemetryPoint("dev-0001", "temp", "Cel", -2, 1_764_000_000_000 + (i * 60_000L), 60_000, 60, 2_000 + i, 2_400 + i, 2_200 + i, 81 + i))];

    private readonly TempFolder _folder = new();
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly string _api;
    private readonly Task _serving;

    public TelemetrySenmlExportTests()
    {
        _api = $"http://127.0.0.1:{FreePort.Next()}";
        _listener.Prefixes.Add(_api + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    [Theory]
    [InlineData(SenmlMediaTypes.JsonFormat)]
    [InlineData(SenmlMediaTypes.CborFormat)]
    public async Task Exports_every_page_as_one_senml_pack_that_reads_back_to_every_row(string format)
    {
        var file = _folder["temp.senml"];

        var outcome = await CliRunner.RunAsync("telemetry", "export", "--device", "dev-0001", "--channel", "temp", "--format", format, "--out", file, "--api", _api);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Wrote 150 SenML records (25 windows)", outcome.Out, StringComparison.Ordinal);
        Assert.Equal(3, _requests.Count);
        Assert.All(_requests, r => Assert.Contains("format=" + format, r, StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var pack = format == SenmlMediaTypes.CborFormat ? SenmlCbor.Read(bytes) : SenmlJson.Read(bytes);
        var rows = TelemetrySenml.FromPack(pack);
        Assert.Equal(Rows.Length, rows.Count);
        for (var i = 0; i < Rows.Length; i++)
        {
            Assert.Equal(Rows[i] with { Exponent = 0, Min = 0, Max = 0, Mean = 0, Variance = 0 }, rows[i] with { Exponent = 0, Min = 0, Max = 0, Mean = 0, Variance = 0 });
            Assert.Equal(Value(Rows[i].Mean, -2), Value(rows[i].Mean, rows[i].Exponent));
            Assert.Equal(Value(Rows[i].Variance, -4), Value(rows[i].Variance, 2 * rows[i].Exponent));
        }
    }

    [Fact]
    public async Task Refuses_senml_cbor_to_the_terminal_with_a_usage_error()
    {
        var outcome = await CliRunner.RunAsync("telemetry", "export", "--device", "dev-0001", "--channel", "temp", "--format", "senml-cbor", "--api", _api);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--out", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // stopped
        }

        _listener.Close();
        _stop.Dispose();
        _folder.Dispose();
    }

    private static decimal Value(long mantissa, int exponent) => mantissa * (decimal)Math.Pow(10, exponent);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            var query = context.Request.QueryString;
            lock (_requests)
            {
                _requests.Add(context.Request.RawUrl ?? "");
            }

            var after = query["after"] is { } a ? long.Parse(a, CultureInfo.InvariantCulture) : long.MinValue;
            var remaining = Rows.Where(r => r.TimeMs > after).ToList();
            var page = remaining.Take(PageSize).ToList();
            if (remaining.Count > PageSize)
            {
                context.Response.Headers["X-Next-After"] = page[^1].TimeMs.ToString(CultureInfo.InvariantCulture);
            }

            var records = TelemetrySenml.ToPack("dev-0001", "temp", page);
            var cbor = query["format"] == SenmlMediaTypes.CborFormat;
            var body = cbor ? SenmlCbor.Write(records) : SenmlJson.Write(records);
            context.Response.ContentType = cbor ? SenmlMediaTypes.Cbor : SenmlMediaTypes.Json;
            await context.Response.OutputStream.WriteAsync(body, _stop.Token);
            context.Response.Close();
        }
    }
}
