using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class EpochsApiTests
{
    private const string Primes = """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Epoch 0 with a completed job (fee paid to system:fees, work credited to the devices' owners), closed through <see cref="EpochSettlement"/>.</summary>
    private static async Task<EpochStatement> CloseEpochWithWorkAsync(ApiWorld world)
    {
        var submitter = world.Owner(0);
        await world.Work.FundAsync(submitter, 10_000);
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/jobs", Primes, world.TokenOf(submitter))).StatusCode);
        await world.Work.RunUntilDoneAsync();
        world.Work.Clock.Advance(TimeSpan.FromHours(1));
        var closed = await world.Settlement().CloseAsync(0, Ct);
        Assert.True(closed.Reason == EpochSettlementReason.Closed, closed.Detail);
        Assert.NotEmpty(closed.Statement!.Payouts);
        return closed.Statement;
    }

    [Fact]
    public async Task A_closed_epoch_is_listed_and_shown_with_a_signature_that_verifies()
    {
        await using var world = await ApiWorld.CreateAsync();
        var statement = await CloseEpochWithWorkAsync(world);

        var list = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs"));
        var shown = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0"));

        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(0, item.GetProperty("id").GetInt64());
        Assert.Equal(statement.TotalPaid, item.GetProperty("totalPaid").GetInt64());
        Assert.Equal(statement.Payouts.Length, item.GetProperty("owners").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(statement.MerkleRoot.AsSpan()), item.GetProperty("merkleRoot").GetString());
        Assert.Equal(statement.LedgerHead.Sequence, item.GetProperty("chainHead").GetProperty("sequence").GetInt64());
        Assert.Equal(statement.Metrics.Nakamoto, item.GetProperty("nakamoto").GetInt32());
        Assert.Equal(statement.Metrics.Gini.ToDouble(), item.GetProperty("gini").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, list.GetProperty("next").ValueKind);

        Assert.Equal(statement.Payouts.Select(l => (l.Owner, l.Amount)),
            shown.GetProperty("payouts").EnumerateArray().Select(l => (l.GetProperty("owner").GetString()!, l.GetProperty("amount").GetInt64())));
        Assert.Equal(statement.Metrics.TopDecileShare.ToString(), shown.GetProperty("metrics").GetProperty("topDecileShareExact").GetString());
        using var key = P256Keys.ImportPublicKey(shown.GetProperty("coordinatorPublicKey").GetString()!);
        Assert.True(key.VerifyData(Convert.FromBase64String(shown.GetProperty("signedBytes").GetString()!), Convert.FromBase64String(shown.GetProperty("signature").GetString()!),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(EpochStatementEncoding.ToBeSigned(statement), Convert.FromBase64String(shown.GetProperty("signedBytes").GetString()!));
    }

    [Fact]
    public async Task An_owners_proof_verifies_against_the_published_root()
    {
        await using var world = await ApiWorld.CreateAsync();
        var statement = await CloseEpochWithWorkAsync(world);
        var line = statement.Payouts[^1];

        var response = await world.GetAsync($"/api/epochs/0/proofs/{line.Owner}", world.TokenOf(line.Owner));
        var proof = await ApiWorld.JsonOf(response);
        var root = Convert.FromHexString((await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0"))).GetProperty("merkleRoot").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(line.Amount, proof.GetProperty("amount").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(MerkleHashing.Leaf(line.Owner, line.Amount)), proof.GetProperty("leaf").GetString());
        Assert.True(proof.GetProperty("verified").GetBoolean());
        var rebuilt = new InclusionProof(proof.GetProperty("leafIndex").GetInt32(), proof.GetProperty("leafCount").GetInt32(),
            [.. proof.GetProperty("siblings").EnumerateArray().Select(s => ImmutableArray.Create(Convert.FromHexString(s.GetString()!)))]);
        Assert.True(rebuilt.Verify(root, line.Owner, line.Amount));
        Assert.False(rebuilt.Verify(root, line.Owner, line.Amount + 1));
    }

    [Fact]
    public async Task A_proof_needs_the_owners_own_token_or_the_operators()
    {
        await using var world = await ApiWorld.CreateAsync();
        var statement = await CloseEpochWithWorkAsync(world);
        var owner = statement.Payouts[0].Owner;
        var other = world.Work.Fleet.Coordinator.Owners.First(o => o.Id != owner).Id;

        await ApiWorld.ProblemOf(await world.GetAsync($"/api/epochs/0/proofs/{owner}"), 401);
        await ApiWorld.ProblemOf(await world.GetAsync($"/api/epochs/0/proofs/{owner}", "wrong-token"), 401);
        await ApiWorld.ProblemOf(await world.GetAsync($"/api/epochs/0/proofs/{owner}", world.TokenOf(other)), 403);
        Assert.Equal(owner, (await ApiWorld.JsonOf(await world.GetAsync($"/api/epochs/0/proofs/{owner}", ApiWorld.OperatorToken))).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task An_owner_without_a_line_or_an_open_epoch_is_404_and_a_bad_id_is_400()
    {
        await using var world = await ApiWorld.CreateAsync();
        var statement = await CloseEpochWithWorkAsync(world);
        var unpaid = world.Work.Fleet.Coordinator.Owners.Select(o => o.Id).FirstOrDefault(id => statement.Payouts.All(l => l.Owner != id));

        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/7"), 404);
        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/7/proofs/" + statement.Payouts[0].Owner, world.TokenOf(statement.Payouts[0].Owner)), 404);
        if (unpaid is not null)
        {
            await ApiWorld.ProblemOf(await world.GetAsync($"/api/epochs/0/proofs/{unpaid}", world.TokenOf(unpaid)), 404);
        }

        var bad = await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/-1"), 400);
        Assert.Equal("id", bad.GetProperty("field").GetString());
        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs/abc"), 400);
        await ApiWorld.ProblemOf(await world.GetAsync("/api/epochs?before=x"), 400);
    }

    [Fact]
    public async Task Epochs_page_newest_first()
    {
        await using var world = await ApiWorld.CreateAsync();
        world.Work.Clock.Advance(TimeSpan.FromHours(3));
        var closed = await world.Settlement().CloseDueAsync(Ct);
        Assert.Equal(3, closed.Count(r => r.IsSuccess));

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs?limit=2"));
        var second = await ApiWorld.JsonOf(await world.GetAsync($"/api/epochs?limit=2&before={first.GetProperty("next").GetInt64()}"));

        Assert.Equal([2L, 1L], first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(0, Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task No_closed_epoch_is_an_empty_list()
    {
        await using var world = await ApiWorld.CreateAsync();

        var list = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs"));

        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
