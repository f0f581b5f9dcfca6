using System.Net;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary><c>DELETE /api/jobs/{id}</c>: only the submitter or the operator; the unspent escrow refunded exactly, once.</summary>
public sealed class JobCancelApiTests
{
    private const string Primes = """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000,"jobId":"api-cancel-1"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SubmitAsync(ApiWorld world, string owner)
    {
        await world.Work.FundAsync(owner, 10_000);
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/jobs", Primes, world.TokenOf(owner))).StatusCode);
        return "api-cancel-1";
    }

    [Fact]
    public async Task A_stranger_is_403_anonymous_is_401_and_the_job_runs_on()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        var id = await SubmitAsync(world, owner);

        var stranger = await ApiWorld.ProblemOf(await world.SendAsync(HttpMethod.Delete, $"/api/jobs/{id}", world.TokenOf(world.Owner(1))), 403);
        await ApiWorld.ProblemOf(await world.SendAsync(HttpMethod.Delete, $"/api/jobs/{id}"), 401);

        Assert.Contains("submitter or the operator", stranger.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var job = (await world.Work.Store.FindJobAsync(id, Ct))!;
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal(10_000 - job.Fee, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // the quote stays escrowed
    }

    [Fact]
    public async Task The_submitter_cancels_and_gets_the_unspent_escrow_back_once_however_often_asked()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        var id = await SubmitAsync(world, owner);

        var first = await ApiWorld.JsonOf(await world.SendAsync(HttpMethod.Delete, $"/api/jobs/{id}", world.TokenOf(owner)));
        var again = await ApiWorld.JsonOf(await world.SendAsync(HttpMethod.Delete, $"/api/jobs/{id}", world.TokenOf(owner)));

        // nothing verified: only the job's storage is charged, the rest of its quote refunded
        var job = (await world.Work.Store.FindJobAsync(id, Ct))!;
        var storage = job.PriceStorage!.Value;
        Assert.Equal(("cancelled", 0, 4, job.Fee, storage, job.Fee - storage, false),
            (first.GetProperty("status").GetString(), first.GetProperty("verifiedTasks").GetInt32(), first.GetProperty("totalTasks").GetInt32(),
             first.GetProperty("fee").GetInt64(), first.GetProperty("paid").GetInt64(), first.GetProperty("refunded").GetInt64(), first.GetProperty("alreadyCancelled").GetBoolean()));
        Assert.True(again.GetProperty("alreadyCancelled").GetBoolean());
        Assert.Equal(job.Fee - storage, again.GetProperty("refunded").GetInt64());
        Assert.Equal(10_000 - storage, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        var shown = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs/{id}"));
        Assert.Equal("cancelled", shown.GetProperty("status").GetString());
        Assert.Equal(4, shown.GetProperty("tasks").GetProperty("cancelled").GetInt32());
        var result = await ApiWorld.ProblemOf(await world.GetAsync($"/api/jobs/{id}/result"), 409);
        Assert.Equal("urn:edgecompute:problem:job-cancelled", result.GetProperty("type").GetString());
        var listed = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs?status=cancelled"));
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_finished_job_is_409_even_for_the_operator_and_an_unknown_one_404()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(2);
        var id = await SubmitAsync(world, owner);
        await world.Work.RunUntilDoneAsync();

        var finished = await ApiWorld.ProblemOf(await world.SendAsync(HttpMethod.Delete, $"/api/jobs/{id}", ApiWorld.OperatorToken), 409);
        await ApiWorld.ProblemOf(await world.SendAsync(HttpMethod.Delete, "/api/jobs/no-such-job", ApiWorld.OperatorToken), 404);

        Assert.Equal("urn:edgecompute:problem:job-finished", finished.GetProperty("type").GetString());
        var charge = await world.Work.ChargeOfAsync(id);
        Assert.Equal(10_000 - charge.Charged, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }
}
