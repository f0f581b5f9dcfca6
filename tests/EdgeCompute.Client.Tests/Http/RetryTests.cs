using System.Net;
using EdgeCompute.Client.Errors;

namespace EdgeCompute.Client.Tests.Http;

/// <summary>Which failures the client tries again, how often, and what it throws when it gives up.</summary>
public sealed class RetryTests
{
    private const string Health = """{"status":"ok","time":"2026-01-01T00:00:00+00:00"}""";
    private const string BadLimit = """{"type":"urn:edgecompute:problem:invalid-request","title":"Invalid request","status":400,"detail":"limit must be 1 to 500","field":"limit"}""";
    private const string Unavailable = """{"type":"urn:edgecompute:problem:store-unavailable","title":"Store unavailable","status":503,"detail":"the database is down"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EdgeComputeClient Client(ScriptedHandler handler, int attempts = 3, TimeSpan? timeout = null) => new(
        new EdgeComputeClientOptions { BaseAddress = new Uri("http://coordinator.test:8080"), RetryDelay = TimeSpan.Zero, MaxAttempts = attempts, Timeout = timeout ?? TimeSpan.FromSeconds(30) },
        handler);

    [Fact]
    public async Task A_503_is_tried_again_after_its_retry_after()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(HttpStatusCode.ServiceUnavailable, Unavailable, "0"), ScriptedHandler.Answer(HttpStatusCode.OK, Health));
        using var client = Client(handler);

        Assert.Equal("ok", (await client.GetHealthAsync(Ct)).Status);
        Assert.Equal(["GET /api/health", "GET /api/health"], handler.Requests);
    }

    [Fact]
    public async Task A_bad_request_is_not_tried_again_and_carries_its_problem()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(HttpStatusCode.BadRequest, BadLimit, mediaType: "application/problem+json"));
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<ApiProblemException>(() => client.ListJobsAsync(limit: 0, cancellationToken: Ct));

        Assert.Single(handler.Requests);
        Assert.Equal((400, ApiProblemTypes.InvalidRequest, "limit", 1), (e.Status, e.Type, e.Problem.Field, e.Attempts));
        Assert.Equal("GET /api/jobs?limit=0", e.Request);
    }

    [Fact]
    public async Task A_refused_connection_is_tried_up_to_the_attempt_limit_then_thrown()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Refuse());
        using var client = Client(handler, attempts: 3);

        var e = await Assert.ThrowsAsync<ApiTransportException>(() => client.GetStatsAsync(Ct));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(3, e.Attempts);
        Assert.False(e.TimedOut);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_tried_again()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Answer(HttpStatusCode.OK, Health));
        using var client = Client(handler, timeout: TimeSpan.FromMilliseconds(50));

        Assert.Equal("ok", (await client.GetHealthAsync(Ct)).Status);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Every_attempt_timing_out_is_a_timed_out_transport_failure()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var client = Client(handler, attempts: 2, timeout: TimeSpan.FromMilliseconds(20));

        var e = await Assert.ThrowsAsync<ApiTransportException>(() => client.GetHealthAsync(Ct));

        Assert.True(e.TimedOut);
        Assert.Equal(2, e.Attempts);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_longest_wait_is_not_waited_for()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Answer(HttpStatusCode.TooManyRequests,
            """{"type":"urn:edgecompute:problem:rate-limited","title":"Too many requests","status":429,"detail":"slow down"}""", "60"));
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<ApiProblemException>(() => client.GetHealthAsync(Ct));

        Assert.Single(handler.Requests);
        Assert.Equal(ApiProblemTypes.RateLimited, e.Type);
        Assert.Equal(TimeSpan.FromSeconds(60), e.RetryAfter);
    }

    [Fact]
    public async Task Cancelling_the_call_is_not_retried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var client = Client(handler);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = client.GetHealthAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new EdgeComputeClient(new EdgeComputeClientOptions { BaseAddress = new Uri("mqtt://x:1883") }, new ScriptedHandler()));
        Assert.Throws<ArgumentException>(() => new EdgeComputeClient(new EdgeComputeClientOptions { BaseAddress = new Uri("http://x"), MaxAttempts = 0 }, new ScriptedHandler()));
    }
}
