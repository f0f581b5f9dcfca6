using System.Net;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.UseCases;

namespace EdgeCompute.Coordinator.Tests.Api.Senml;

/// <summary><c>GET /api/telemetry</c> as SenML: chosen by the Accept header or <c>format</c>, paged through the response headers.</summary>
public sealed class TelemetrySenmlApiTests
{
    private const long T0 = WorkWorld.T0;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SenmlMediaTypes.Json, null)]
    [InlineData(SenmlMediaTypes.Cbor, null)]
    [InlineData("application/json", SenmlMediaTypes.JsonFormat)]
    [InlineData("*/*", SenmlMediaTypes.CborFormat)]
    public async Task Answers_senml_by_accept_header_or_format_alias_and_round_trips_every_row(string accept, string? format)
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[0].Id;
        await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 5).Select(i => (T0 + (i * 60_000L), 2_100L + i)));
        var expected = SenmlMediaTypes.Cbor == accept || format == SenmlMediaTypes.CborFormat ? SenmlMediaTypes.Cbor : SenmlMediaTypes.Json;

        using var response = await GetAsync(world, $"/api/telemetry?device={device}&channel=temp" + (format is null ? "" : $"&format={format}"), accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var pack = expected == SenmlMediaTypes.Cbor ? SenmlCbor.Read(bytes) : SenmlJson.Read(bytes);
        Assert.Equal(device + "/", pack[0].BaseName);
        Assert.Equal(T0 / 1000m, pack[0].BaseTime);
        Assert.Equal("Cel", pack[0].BaseUnit);
        var rows = TelemetrySenml.FromPack(pack);
        Assert.Equal(5, rows.Count);
        for (var i = 0; i < 5; i++)
        {
            // What ApiWorld stored: mean 2100+i, min mean-20, max mean+20, variance 9, exponent -2, count 6, 60 s windows.
            TelemetrySenmlTests.AssertSameValues(new TelemetryPoint(device, "temp", "Cel", -2, T0 + (i * 60_000L), 60_000, 6, 2_080 + i, 2_120 + i, 2_100 + i, 9), rows[i]);
        }
    }

    [Fact]
    public async Task Pages_senml_through_the_response_headers_until_every_row_is_read()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[0].Id;
        await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 25).Select(i => (T0 + (i * 60_000L), 2_100L + i)));

        var times = new List<long>();
        var url = $"/api/telemetry?device={device}&channel=temp&limit=10";
        var pages = 0;
        while (url is not null && pages++ < 10)
        {
            using var response = await GetAsync(world, url, SenmlMediaTypes.Cbor);
            var rows = TelemetrySenml.FromPack(SenmlCbor.Read(await response.Content.ReadAsByteArrayAsync(Ct)));
            times.AddRange(rows.Select(r => r.TimeMs));
            url = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
            Assert.Equal(url is not null, response.Headers.Contains("X-Next-After"));
            Assert.Contains("Accept", response.Headers.Vary);
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => T0 + (i * 60_000L)), times);
    }

    [Fact]
    public async Task Names_an_unknown_format_and_prefers_the_highest_quality_accepted_type()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[0].Id;
        await world.StoreTelemetryAsync(device, "temp", [(T0, 2_137)]);

        using var bad = await GetAsync(world, $"/api/telemetry?device={device}&channel=temp&format=senml-xml", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("senml-json or senml-cbor", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var preferred = await GetAsync(world, $"/api/telemetry?device={device}&channel=temp", "application/json;q=0.5, application/senml+cbor;q=0.9, text/csv;q=0.1");
        Assert.Equal(SenmlMediaTypes.Cbor, preferred.Content.Headers.ContentType!.MediaType);

        using var plain = await GetAsync(world, $"/api/telemetry?device={device}&channel=temp", null);
        Assert.Equal("application/json", plain.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<HttpResponseMessage> GetAsync(ApiWorld world, string url, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await world.Client.SendAsync(request, Ct);
    }
}
