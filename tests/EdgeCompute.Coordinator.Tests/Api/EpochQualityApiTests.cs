using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Tests.UseCases;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary><c>GET /api/epochs/{id}/quality</c>: each device's data quality as the epoch's close kept it, public; 404 before the close.</summary>
public sealed class EpochQualityApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_closed_epochs_data_quality_is_public_per_device_with_its_score_and_failed_checks_and_pages()
    {
        await using var world = await ApiWorld.CreateAsync();
        var devices = world.Work.Fleet.Coordinator.Devices.Take(3).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        foreach (var device in devices)
        {
            await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 5).Select(i => (WorkWorld.T0 + (i * 60_000L), 2_100L + i)));
        }

        await world.StoreTelemetryAsync(devices[1], "temp", [(WorkWorld.T0 + (5 * 60_000L), 12_000L)]); // 120 °C: out of range
        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/0/quality"), 404); // the telemetry is there, the epoch not closed
        world.Work.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(EpochSettlementReason.Closed, (await world.Settlement().CloseAsync(0, Ct)).Reason);

        var page = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0/quality"));

        Assert.Equal(0, page.GetProperty("epochId").GetInt64());
        var rows = page.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(devices, rows.Select(r => r.GetProperty("deviceId").GetString()));
        Assert.Equal(1.0, rows[0].GetProperty("score").GetDouble());
        Assert.Equal(30.0 / 36, rows[1].GetProperty("score").GetDouble(), 12);
        Assert.Equal(1.0, rows[2].GetProperty("score").GetDouble());
        Assert.Equal(["range"], rows[1].GetProperty("failedChecks").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(6, rows[1].GetProperty("rejections").GetProperty("range").GetInt64());
        Assert.Equal((36L, 30L), (rows[1].GetProperty("submittedReadings").GetInt64(), rows[1].GetProperty("qualifiedReadings").GetInt64()));
        Assert.Empty(rows[0].GetProperty("failedChecks").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("next").ValueKind);

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0/quality?limit=2"));
        Assert.Equal(devices[1], first.GetProperty("next").GetString());
        var second = await ApiWorld.JsonOf(await world.GetAsync($"/api/epochs/0/quality?limit=2&after={devices[1]}"));
        Assert.Equal([devices[2]], second.GetProperty("devices").EnumerateArray().Select(r => r.GetProperty("deviceId").GetString()));
    }

    [Fact]
    public async Task An_epoch_not_closed_is_404_and_a_malformed_id_or_limit_is_400_with_the_field()
    {
        await using var world = await ApiWorld.CreateAsync();

        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/7/quality"), 404);
        var badId = await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/x/quality"), 400);
        var badLimit = await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/0/quality?limit=0"), 400);

        Assert.Equal("id", badId.GetProperty("field").GetString());
        Assert.Equal("limit", badLimit.GetProperty("field").GetString());
    }
}
