using System.Net;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Tests.Api;
using EdgeCompute.Coordinator.Tests.UseCases;

namespace EdgeCompute.Coordinator.Tests.Dashboard;

/// <summary>The API world on a loopback socket with something on every page: a completed job, telemetry, and epoch 0 closed and paid.</summary>
internal static class DashboardNetwork
{
    public const string JobId = "dash-primes";
    public const string Channel = "temp";

    public static async Task<ApiWorld> CreateAsync()
    {
        var world = await ApiWorld.CreateAsync(listen: true);
        var ct = TestContext.Current.CancellationToken;
        var submitter = world.Owner(0);
        await world.Work.FundAsync(submitter, 100_000);
        var submitted = await world.PostAsync("/api/jobs", $$"""{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000,"jobId":"{{JobId}}"}""",
            world.TokenOf(submitter));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        await world.Work.RunUntilDoneAsync();
        await world.StoreTelemetryAsync(Device(world), Channel, Enumerable.Range(0, 30).Select(i => (WorkWorld.T0 + (i * 60_000L), 2_000L + (i * 7 % 50))));
        world.Work.Nodes.GatewayStatus(world.Work.Fleet.Gateways[0].GatewayId, new Protocol.Batches.GatewayStatus(870, 512_000_000, 12, 1_048_576, 3, 41, 2, 4)); // status v2, its 4 devices connected
        world.Work.Clock.Advance(TimeSpan.FromHours(1));
        var closed = await world.Settlement().CloseAsync(0, ct);
        Assert.True(closed.Reason == EpochSettlementReason.Closed, closed.Detail);
        return world;
    }

    public static string Device(ApiWorld world) => world.Work.Fleet.Coordinator.Devices[0].Id;

    /// <summary>The digits of a number as the page shows it (en-US grouping).</summary>
    public static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
