using System.Net;
using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class JobsApiTests
{
    private const string Primes = """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000,"jobId":"api-primes-1"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submitting_without_a_token_is_401_with_a_bearer_challenge()
    {
        await using var world = await ApiWorld.CreateAsync();

        var response = await world.PostAsync("/api/jobs", Primes);

        var problem = await ApiWorld.ProblemOf(response, 401);
        Assert.Equal("urn:edgecompute:problem:unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Submitting_with_a_token_nobody_holds_is_401()
    {
        await using var world = await ApiWorld.CreateAsync();

        await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", Primes, token: new string('a', 64)), 401);
    }

    [Fact]
    public async Task Submitting_with_the_operator_token_is_403()
    {
        await using var world = await ApiWorld.CreateAsync();

        await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", Primes, ApiWorld.OperatorToken), 403);
    }

    [Fact]
    public async Task An_unfunded_submission_is_402_and_charges_and_stores_nothing()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10);

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", Primes, world.TokenOf(owner)), 402);

        Assert.Equal("urn:edgecompute:problem:insufficient-funds", problem.GetProperty("type").GetString());
        Assert.Equal("maxPrice", problem.GetProperty("field").GetString());
        Assert.Equal(10, problem.GetProperty("balance").GetInt64());
        Assert.True(problem.GetProperty("fee").GetInt64() > 10, "the problem names the escrow the job needs");
        Assert.Equal(10, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Null(await world.Work.Store.FindJobAsync("api-primes-1", Ct));
    }

    [Fact]
    public async Task A_job_quoted_above_its_max_price_is_400_with_the_quote_and_charges_and_stores_nothing()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10_000);
        var pricing = await ApiWorld.JsonOf(await world.GetAsync("/api/pricing"));
        Assert.Equal(EdgeCompute.Coordinator.Tests.UseCases.WorkWorld.TestPrices.DeviceOpsPerMillion, pricing.GetProperty("deviceOpsPerMillion").GetInt64());

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs",
            """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"maxPrice":5,"jobId":"api-dear-1"}""", world.TokenOf(owner)), 400);

        Assert.Equal("urn:edgecompute:problem:price-over-max", problem.GetProperty("type").GetString());
        Assert.Equal("maxPrice", problem.GetProperty("field").GetString());
        Assert.Equal(5, problem.GetProperty("maxPrice").GetInt64());
        Assert.True(problem.GetProperty("price").GetInt64() > 5);
        Assert.Equal(10_000, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Null(await world.Work.Store.FindJobAsync("api-dear-1", Ct));
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "", "body" },
        { "{", "body" },
        { "not json", "body" },
        { "[1,2,3]", "body" },
        { "null", "body" },
        { "\"spec\"", "body" },
        { new string('[', 5_000) + new string(']', 5_000), "body" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":10,"extra":1}""", "extra" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":10,"fee":20}""", "fee" },
        { """{"fee":10}""", "spec" },
        { """{"spec":null,"fee":10}""", "spec" },
        { """{"spec":5,"fee":10}""", "spec" },
        { """{"spec":{"kind":"bogus"},"fee":10}""", "spec" },
        { """{"spec":{"from":0},"fee":10}""", "spec" },
        { """{"spec":{"kind":"primes","from":"zero","to":1000,"chunkSize":100},"fee":10}""", "spec" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100,"chunkSize":5},"fee":10}""", "spec" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":10,"maxPrice":10}""", "fee" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"maxPrice":"10"}""", "maxPrice" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":"10"}""", "fee" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":1.5}""", "fee" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":1e400}""", "fee" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":99999999999999999999}""", "fee" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":0}""", "maxPrice" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":-5}""", "maxPrice" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":10,"jobId":"../../etc"}""", "jobId" },
        { """{"spec":{"kind":"primes","from":0,"to":1000,"chunkSize":100},"fee":10,"jobId":7}""", "jobId" },
        { """{"spec":{"kind":"primes","from":1000,"to":0,"chunkSize":100},"fee":10}""", "spec.to" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_bodies_are_400_problems_naming_the_field_never_500(string body, string field)
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 1_000_000);

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", body, world.TokenOf(owner)), 400);

        var named = problem.GetProperty("field").GetString()!;
        Assert.True(named == field || (field == "spec.to" && named.StartsWith("spec", StringComparison.Ordinal)), $"field {named}: {problem}");
        Assert.Equal(1_000_000, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        await using var world = await ApiWorld.CreateAsync();
        var huge = "{\"spec\":\"" + new string('x', 17 * 1024 * 1024) + "\"}";

        await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", huge, world.TokenOf(world.Owner(0))), 413);
    }

    [Fact]
    public async Task A_repeated_job_id_is_409_with_the_existing_id_and_charges_once()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10_000);

        var first = await world.PostAsync("/api/jobs", Primes, world.TokenOf(owner));
        var again = await world.PostAsync("/api/jobs", Primes, world.TokenOf(owner));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await ApiWorld.ProblemOf(again, 409);
        Assert.Equal("urn:edgecompute:problem:duplicate-job", problem.GetProperty("type").GetString());
        Assert.Equal("api-primes-1", problem.GetProperty("jobId").GetString());
        Assert.Equal(10_000 - (await world.Work.Store.FindJobAsync("api-primes-1", Ct))!.Fee, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // one escrow
    }

    [Fact]
    public async Task A_submitted_job_is_shown_listed_and_its_result_served_once_it_completes()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(1);
        await world.Work.FundAsync(owner, 10_000);

        var submitted = await world.PostAsync("/api/jobs", Primes, world.TokenOf(owner));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("/api/jobs/api-primes-1", submitted.Headers.Location?.OriginalString);
        var accepted = await ApiWorld.JsonOf(submitted);
        Assert.Equal("api-primes-1", accepted.GetProperty("jobId").GetString());
        Assert.Equal("running", accepted.GetProperty("status").GetString());

        var running = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs/api-primes-1"));
        Assert.Equal("primes", running.GetProperty("kind").GetString());
        Assert.Equal(owner, running.GetProperty("submitter").GetString());
        Assert.Equal(accepted.GetProperty("escrowed").GetInt64(), running.GetProperty("fee").GetInt64());
        Assert.False(running.TryGetProperty("charged", out _)); // not before it ends
        Assert.Equal(JsonValueKindNull, running.GetProperty("finished").ValueKind);
        Assert.Equal(4, running.GetProperty("tasks").GetProperty("total").GetInt32());
        Assert.Equal(4, running.GetProperty("tasks").GetProperty("open").GetInt32());
        var early = await ApiWorld.ProblemOf(await world.GetAsync("/api/jobs/api-primes-1/result"), 409);
        Assert.Equal("urn:edgecompute:problem:job-running", early.GetProperty("type").GetString());

        await world.Work.RunUntilDoneAsync();

        var done = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs/api-primes-1"));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var charge = await world.Work.ChargeOfAsync("api-primes-1");
        Assert.Equal((charge.Charged, charge.Refunded), (done.GetProperty("charged").GetInt64(), done.GetProperty("refunded").GetInt64()));
        Assert.True(done.GetProperty("finished").GetDateTimeOffset() >= done.GetProperty("created").GetDateTimeOffset());
        Assert.Equal(4, done.GetProperty("tasks").GetProperty("verified").GetInt32());
        var resultResponse = await world.GetAsync("/api/jobs/api-primes-1/result");
        Assert.Equal(HttpStatusCode.OK, resultResponse.StatusCode);
        Assert.Equal("application/json", resultResponse.Content.Headers.ContentType?.MediaType);
        var result = Assert.IsType<PrimesJobResult>(JobJson.DeserializeResult(await resultResponse.Content.ReadAsStringAsync(Ct)).Value);
        Assert.Equal(9_592UL, result.Count);

        var completed = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs?status=completed"));
        Assert.Equal("api-primes-1", Assert.Single(completed.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(completed.GetProperty("items")[0].TryGetProperty("tasks", out _));
        Assert.Empty((await ApiWorld.JsonOf(await world.GetAsync("/api/jobs?status=running"))).GetProperty("items").EnumerateArray());
        var primesImage = await ApiWorld.ProblemOf(await world.GetAsync("/api/jobs/api-primes-1/image.png"), 404);
        Assert.Contains("no image", primesImage.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_list_pages_newest_first()
    {
        await using var world = await ApiWorld.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await InsertFinishedJobAsync(world, $"job-{i}", JobStatus.Failed, null);
            world.Work.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs?limit=2"));
        var second = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs?limit=2&offset={first.GetProperty("next").GetInt32()}"));
        var last = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs?limit=2&offset=4"));

        Assert.Equal(["job-4", "job-3"], first.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Equal(["job-2", "job-1"], second.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Equal("job-0", Assert.Single(last.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKindNull, last.GetProperty("next").ValueKind);
        var failed = await ApiWorld.ProblemOf(await world.GetAsync("/api/jobs/job-0/result"), 409);
        Assert.Equal("urn:edgecompute:problem:job-failed", failed.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/jobs?status=paused", "status")]
    [InlineData("/api/jobs?limit=0", "limit")]
    [InlineData("/api/jobs?limit=501", "limit")]
    [InlineData("/api/jobs?limit=ten", "limit")]
    [InlineData("/api/jobs?offset=-1", "offset")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(string url, string field)
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync(url), 400);

        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/jobs/nope")]
    [InlineData("/api/jobs/nope/result")]
    [InlineData("/api/jobs/nope/image.png")]
    public async Task An_unknown_job_is_404(string url)
    {
        await using var world = await ApiWorld.CreateAsync();

        await ApiWorld.ProblemOf(await world.GetAsync(url), 404);
    }

    [Fact]
    public async Task The_image_of_a_completed_wasm_map_job_is_a_colour_png_of_its_pixels()
    {
        await using var world = await ApiWorld.CreateAsync();
        var pixels = Enumerable.Range(0, 7 * 5).Select(i => (byte)(i * 7)).ToArray();
        await InsertFinishedJobAsync(world, "mandel-1", JobStatus.Completed, JobJson.Serialize(new WasmMapJobResult([], new GrayImage(7, 5, pixels))), WasmMapJobKind.KindName);

        var response = await world.GetAsync("/api/jobs/mandel-1/image.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var image = SkiaSharp.SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal((7, 5), (image.Width, image.Height));
        Assert.Equal(pixels.Select(EscapeTimePng.ColourOf), Enumerable.Range(0, pixels.Length).Select(i => image.GetPixel(i % 7, i / 7)));
    }

    [Fact]
    public async Task A_wasm_map_job_without_an_image_layout_has_no_image()
    {
        await using var world = await ApiWorld.CreateAsync();
        await InsertFinishedJobAsync(world, "map-1", JobStatus.Completed, JobJson.Serialize(new WasmMapJobResult([[1, 2, 3]])), WasmMapJobKind.KindName);

        await ApiWorld.ProblemOf(await world.GetAsync("/api/jobs/map-1/image.png"), 404);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task InsertFinishedJobAsync(ApiWorld world, string id, JobStatus status, string? resultJson, string kind = PrimesJobKind.KindName)
    {
        var now = world.Work.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var job = new JobRecord(id, kind, "{}", world.Owner(0), 100, JobStatus.Running, null, now, null, "inserted by the test");
        Assert.True(await world.Work.Store.InsertJobAsync(job, [], Ct));
        Assert.True(await world.Work.Store.FinishJobAsync(id, status, resultJson, now, status == JobStatus.Failed ? "a task could not be verified" : "done", Ct));
    }
}
