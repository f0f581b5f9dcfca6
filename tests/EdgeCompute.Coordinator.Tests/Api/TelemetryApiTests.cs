using System.Net;
using System.Text.Json;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Telemetry;
using EdgeCompute.Coordinator.Tests.UseCases;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class TelemetryApiTests
{
    private const long T0 = WorkWorld.T0;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Device(ApiWorld world) => world.Work.Fleet.Coordinator.Devices[0].Id;

    [Fact]
    public async Task Json_pages_follow_next_until_every_point_is_read_in_order()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 25).Select(i => (T0 + (i * 60_000L), 2_100L + i)));
        await world.StoreTelemetryAsync(device, "hum", [(T0, 5_000)]);

        var times = new List<long>();
        var pages = 0;
        string? after = null;
        do
        {
            var response = await world.GetAsync($"/api/telemetry?device={device}&channel=temp&limit=10" + (after is null ? "" : $"&after={after}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await ApiWorld.JsonOf(response);
            pages++;
            times.AddRange(page.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("timeMs").GetInt64()));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(after, response.Headers.TryGetValues("X-Next-After", out var header) ? header.Single() : null);
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => T0 + (i * 60_000L)), times);
    }

    [Fact]
    public async Task A_point_reads_as_exact_decimals_with_its_unit_and_iso_time()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        await world.StoreTelemetryAsync(device, "temp", [(T0, 2_137)]);

        var page = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp"));

        var point = Assert.Single(page.GetProperty("points").EnumerateArray());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0), point.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("Cel", point.GetProperty("unit").GetString());
        Assert.Equal("21.37", point.GetProperty("mean").GetRawText());
        Assert.Equal("21.17", point.GetProperty("min").GetRawText());
        Assert.Equal("0.0009", point.GetProperty("variance").GetRawText());
        Assert.Equal(6, point.GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Rows_sharing_a_millisecond_are_never_split_across_pages()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        // the same window stored three times (three frames), between single ones
        await world.StoreTelemetryAsync(device, "temp", [(T0, 1), (T0 + 1_000, 2), (T0 + 2_000, 3), (T0 + 2_000, 4), (T0 + 2_000, 5), (T0 + 3_000, 6)]);

        var first = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&limit=4"));
        var second = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&limit=4&after={first.GetProperty("next").GetInt64()}"));

        Assert.Equal([T0, T0 + 1_000], first.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("timeMs").GetInt64()));
        Assert.Equal(T0 + 1_000, first.GetProperty("next").GetInt64());
        Assert.Equal(4, second.GetProperty("points").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task A_page_that_is_all_one_millisecond_holds_all_of_it()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        await world.StoreTelemetryAsync(device, "temp", [(T0, 1), (T0, 2), (T0, 3), (T0 + 5, 4)]);

        var first = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&limit=2"));
        var second = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&limit=2&after={first.GetProperty("next").GetInt64()}"));

        Assert.Equal(3, first.GetProperty("points").GetArrayLength());
        Assert.Equal(T0, first.GetProperty("next").GetInt64());
        Assert.Equal(T0 + 5, Assert.Single(second.GetProperty("points").EnumerateArray()).GetProperty("timeMs").GetInt64());
    }

    [Fact]
    public async Task Csv_has_a_header_then_one_rfc4180_row_per_point_and_next_page_headers()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        await world.StoreTelemetryAsync(device, "temp", [(T0, 2_137), (T0 + 60_000, -5), (T0 + 120_000, 2_100)], unit: "deg \"C\", approx");

        var response = await world.GetAsync($"/api/telemetry?device={device}&channel=temp&format=csv&limit=2");
        var csv = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = csv.Split("\r\n");
        Assert.Equal(4, lines.Length); // header, two rows, and the empty string after the last CRLF
        Assert.Equal("time,timeMs,source,channel,unit,lengthMs,count,min,max,mean,variance", lines[0]);
        Assert.Equal($"{DateTimeOffset.FromUnixTimeMilliseconds(T0):yyyy-MM-dd'T'HH:mm:ss.fff'Z'},{T0},{device},temp,\"deg \"\"C\"\", approx\",60000,6,21.17,21.57,21.37,0.0009", lines[1]);
        Assert.EndsWith(",-0.25,0.15,-0.05,0.0009", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[3]);
        Assert.Equal((T0 + 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Next-After").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains($"after={T0 + 60_000}", link, StringComparison.Ordinal);
        Assert.Contains("format=csv", link, StringComparison.Ordinal);
        Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);

        var next = await (await world.GetAsync(link[1..link.IndexOf('>', StringComparison.Ordinal)])).Content.ReadAsStringAsync(Ct);
        Assert.Equal(3, next.Split("\r\n").Length);
    }

    [Fact]
    public async Task Iso_and_millisecond_bounds_select_the_same_half_open_range()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = Device(world);
        await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 10).Select(i => (T0 + (i * 60_000L), 2_000L)));
        var from = DateTimeOffset.FromUnixTimeMilliseconds(T0 + 120_000);
        var to = from.AddMinutes(3);

        var byMs = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&from={T0 + 120_000}&to={T0 + 300_000}"));
        var byIso = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel=temp&from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}"));
        var byOffset = await ApiWorld.JsonOf(await world.GetAsync(
            $"/api/telemetry?device={device}&channel=temp&from={from.ToOffset(TimeSpan.FromHours(2)):yyyy-MM-ddTHH:mm:ss}+02:00&to={to.ToOffset(TimeSpan.FromHours(2)):yyyy-MM-ddTHH:mm:ss}%2B02:00"));

        long[] expected = [T0 + 120_000, T0 + 180_000, T0 + 240_000];
        Assert.Equal(expected, byMs.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("timeMs").GetInt64()));
        Assert.Equal(expected, byIso.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("timeMs").GetInt64()));
        Assert.Equal(expected, byOffset.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("timeMs").GetInt64()));
    }

    [Theory]
    [InlineData("channel=temp", "device")]
    [InlineData("device={0}", "channel")]
    [InlineData("device={0}&channel=temp&from=yesterday", "from")]
    [InlineData("device={0}&channel=temp&from=2026-13-01", "from")]
    [InlineData("device={0}&channel=temp&to=01/02/2026", "to")]
    [InlineData("device={0}&channel=temp&from=2026-01-02&to=2026-01-01", "to")]
    [InlineData("device={0}&channel=temp&limit=0", "limit")]
    [InlineData("device={0}&channel=temp&limit=10001", "limit")]
    [InlineData("device={0}&channel=temp&after=soon", "after")]
    [InlineData("device={0}&channel=temp&format=xml", "format")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string field)
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync("/api/telemetry?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, Device(world))), 400);

        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_time_says_which_formats_work()
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync($"/api/telemetry?device={Device(world)}&channel=temp&from=last%20tuesday"), 400);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("\"last tuesday\"", detail, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", detail, StringComparison.Ordinal);
        Assert.Contains("milliseconds since the Unix epoch", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_device_is_404_pointing_at_the_node_list()
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync("/api/telemetry?device=dev-9999&channel=temp"), 404);

        Assert.Contains("/api/nodes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2137, -2, "21.37")]
    [InlineData(2100, -2, "21")]
    [InlineData(-5, -3, "-0.005")]
    [InlineData(0, -2, "0")]
    [InlineData(12, 3, "12000")]
    [InlineData(long.MinValue, -2, "-92233720368547758.08")]
    [InlineData(7, 40, "7e40")]
    [InlineData(-7, -40, "-7e-40")]
    public void Scaled_values_are_written_exactly(long mantissa, int exponent, string text)
    {
        Assert.Equal(text, new ScaledValue(mantissa, exponent).ToString());
        Assert.Equal(text, JsonSerializer.Serialize(new ScaledValue(mantissa, exponent)));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", 1_767_225_600_000)]
    [InlineData("2026-01-01", 1_767_225_600_000)]
    [InlineData("2026-01-01T02:00:00+02:00", 1_767_225_600_000)]
    [InlineData("2026-01-01T02:00:00 02:00", 1_767_225_600_000)]
    [InlineData("2026-01-01T00:00:00.250Z", 1_767_225_600_250)]
    [InlineData("1767225600000", 1_767_225_600_000)]
    [InlineData("-1000", -1_000)]
    public void Times_read_as_iso_8601_or_milliseconds(string text, long ms)
    {
        Assert.True(ApiQuery.TryParseTime(text, out var parsed));
        Assert.Equal(ms, parsed);
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("2026-13-01")]
    [InlineData("tomorrow")]
    [InlineData("99999999999999999999999")]
    [InlineData("2026-01-01T25:00:00Z")]
    public void Other_time_texts_are_refused(string text)
    {
        Assert.False(ApiQuery.TryParseTime(text, out _));
    }
}
