using System.Net;
using System.Text;
using EdgeCompute.Coordinator.Api.Limits;

namespace EdgeCompute.Coordinator.Tests.Api.Limits;

/// <summary>
/// A burst past the limit is answered 429 <c>rate-limited</c> with <c>Retry-After</c>; a known token has its own bucket,
/// requests without one (an unknown token included) share their address's. The refill period is an hour, so nothing
/// refills during a test however slow the machine.
/// </summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Tight(ApiLimitsOptions o)
    {
        o.PerAddress.Burst = 5;
        o.PerAddress.Permits = 1;
        o.PerAddress.Period = TimeSpan.FromHours(1);
        o.PerToken.Burst = 3;
        o.PerToken.Permits = 1;
        o.PerToken.Period = TimeSpan.FromHours(1);
        o.PerTokenBlobs.Burst = 3;
        o.PerTokenBlobs.Permits = 1;
        o.PerTokenBlobs.Period = TimeSpan.FromHours(1);
    }

    [Fact]
    public async Task A_burst_from_one_address_past_its_limit_is_answered_429_with_retry_after()
    {
        await using var world = await ApiWorld.CreateAsync(limits: Tight);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await world.GetAsync("/api/health");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        using var limited = await world.GetAsync("/api/stats");
        var problem = await ApiWorld.ProblemOf(limited, 429);
        Assert.Equal("urn:edgecompute:problem:rate-limited", problem.GetProperty("type").GetString());
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Each_known_token_has_its_own_bucket_and_an_unknown_token_counts_against_its_address()
    {
        await using var world = await ApiWorld.CreateAsync(limits: Tight);
        var first = world.TokenOf(world.Owner(0));
        var second = world.TokenOf(world.Owner(1));

        var firstOwner = await StatusesAsync(world, first, 4);
        var secondOwner = await StatusesAsync(world, second, 3);
        var unknownTokens = await StatusesAsync(world, null, 6, unknownToken: true);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], firstOwner);
        Assert.All(secondOwner, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], unknownTokens);
    }

    [Fact]
    public async Task Each_registered_gateway_fetching_blobs_has_its_own_bucket_not_its_addresss()
    {
        await using var world = await ApiWorld.CreateAsync(limits: Tight);
        var gateways = world.Work.Fleet.Coordinator.Gateways;
        var blob = new string('0', 64);

        async Task<List<HttpStatusCode>> FetchAsync(string authorization, int count)
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/blobs/{blob}/chunks");
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                using var response = await world.Client.SendAsync(request, Ct);
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        // Both gateways come from the same address, whose bucket holds 5: each still gets its own 3 (the per-token burst).
        var first = await FetchAsync($"Gateway {gateways[0].Id}:{gateways[0].BrokerPassword}", 4);
        var second = await FetchAsync($"Gateway {gateways[1].Id}:{gateways[1].BrokerPassword}", 3);
        var forged = await FetchAsync($"Gateway {gateways[1].Id}:not-its-password", 6);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[3]);
        Assert.All(first.Take(3).Concat(second), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], forged);
    }

    [Fact]
    public async Task An_owners_blob_requests_have_their_own_bucket_beside_the_owners_other_requests()
    {
        await using var world = await ApiWorld.CreateAsync(limits: o =>
        {
            Tight(o);
            o.PerTokenBlobs.Burst = 6;
        });
        var token = world.TokenOf(world.Owner(0));
        var blob = new string('0', 64);

        var general = await StatusesAsync(world, token, 4);
        var heads = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"/api/blobs/{blob}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await world.Client.SendAsync(request, Ct);
            heads.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, general[3]); // the general bucket (3) is spent …
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 6), HttpStatusCode.TooManyRequests], heads); // … and the blob bucket (6) is its own
    }

    [Fact]
    public async Task Limits_can_be_turned_off()
    {
        await using var world = await ApiWorld.CreateAsync(limits: o =>
        {
            Tight(o);
            o.RateLimitsEnabled = false;
        });

        var statuses = await StatusesAsync(world, null, 20);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task A_deposit_body_past_its_configured_size_is_413()
    {
        await using var world = await ApiWorld.CreateAsync(limits: o => o.MaxDepositBodyBytes = 300);
        var body = $$"""{"owner":"{{world.Owner(0)}}","amount":1,"reference":"{{new string('r', 190)}}","padding":"{{new string(' ', 200)}}"}""";

        using var response = await world.PostAsync("/api/deposits", body, ApiWorld.OperatorToken);

        var problem = await ApiWorld.ProblemOf(response, 413);
        Assert.Contains("300", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 300);
    }

    [Fact]
    public void Options_out_of_range_name_the_setting()
    {
        var options = new ApiLimitsOptions();
        options.PerToken.Permits = 0;

        Assert.Equal("ApiLimitsOptions:PerToken:Permits must be 1 to Burst (200), got 0", options.Problem());
        Assert.Null(new ApiLimitsOptions().Problem());
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(ApiWorld world, string? token, int count, bool unknownToken = false)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await world.GetAsync("/api/jobs?limit=1", unknownToken ? $"unknown-{i}-{new string('x', 40)}" : token);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
