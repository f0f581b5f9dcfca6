using System.Net;
using System.Text.Json;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Tests.Api;

namespace EdgeCompute.Coordinator.Tests.ApiClient;

/// <summary>A submit whose answer is lost is tried again, and the job is charged once: the client always sends a job id it minted.</summary>
public sealed class RetriedSubmitTests
{
    private const long Fee = 4_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submit_retried_after_a_lost_answer_charges_once()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10 * Fee);
        LosingAnswers? losing = null;
        using var client = ClientWorld.Client(world, world.TokenOf(owner), inner => losing = new LosingAnswers(inner, answersToLose: 2));
        using var spec = JsonDocument.Parse("""{"kind":"primes","from":0,"to":100000,"chunkSize":25000}""");

        var accepted = await client.SubmitJobAsync(new JobSubmission(spec.RootElement, Fee), Ct);

        Assert.Equal(3, losing!.Posts); // the first landed and its answer was lost, the second met the duplicate and its answer was lost too, the third answered
        Assert.Equal(JobStatuses.Running, accepted.Status);
        var jobs = await world.Work.Store.ListJobsAsync(null, 0, 10, Ct);
        Assert.Equal(accepted.JobId, Assert.Single(jobs).JobId);
        Assert.Equal(10 * Fee - jobs[0].Fee, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // one escrow
    }

    [Fact]
    public async Task Without_a_job_id_a_repeated_post_charges_twice()
    {
        // Why the client mints the id: the API itself cannot tell a retry from a second job without one.
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10 * Fee);
        const string Body = """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000}""";

        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/jobs", Body, world.TokenOf(owner))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/jobs", Body, world.TokenOf(owner))).StatusCode);

        var jobs = await world.Work.Store.ListJobsAsync(null, 0, 10, Ct);
        Assert.Equal(2, jobs.Count);
        Assert.Equal(10 * Fee - (2 * jobs[0].Fee), await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // two escrows of the same quote
    }

    [Fact]
    public async Task A_reused_job_id_on_the_first_attempt_is_a_conflict_not_a_success()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10 * Fee);
        using var client = ClientWorld.Client(world, world.TokenOf(owner));
        using var spec = JsonDocument.Parse("""{"kind":"primes","from":0,"to":100000,"chunkSize":25000}""");
        var accepted = await client.SubmitJobAsync(new JobSubmission(spec.RootElement, Fee, "taken-1"), Ct);

        var conflict = await Assert.ThrowsAsync<EdgeCompute.Client.Errors.ApiProblemException>(() => client.SubmitJobAsync(new JobSubmission(spec.RootElement, Fee, "taken-1"), Ct));

        Assert.Equal(EdgeCompute.Client.Errors.ApiProblemTypes.DuplicateJob, conflict.Type);
        Assert.Equal(10 * Fee - accepted.Escrowed, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }

    /// <summary>Lets the server handle the first <c>answersToLose</c> job posts, then drops their answers as a broken connection would.</summary>
    private sealed class LosingAnswers(HttpMessageHandler inner, int answersToLose) : DelegatingHandler(inner)
    {
        private int _lost;

        public int Posts { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post)
            {
                return response;
            }

            Posts++;
            if (_lost < answersToLose)
            {
                _lost++;
                response.Dispose();
                throw new HttpRequestException("the connection was reset before the answer arrived");
            }

            return response;
        }
    }
}
