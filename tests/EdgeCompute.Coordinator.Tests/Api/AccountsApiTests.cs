using System.Net;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class AccountsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Deposit(string owner, long amount, string reference) => $$"""{"owner":"{{owner}}","amount":{{amount}},"reference":"{{reference}}"}""";

    [Fact]
    public async Task A_deposit_is_booked_once_per_reference_and_a_repeat_returns_the_entry()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(2);

        var first = await world.PostAsync("/api/deposits", Deposit(owner, 50_000, "wire-2026-001"), ApiWorld.OperatorToken);
        var repeat = await world.PostAsync("/api/deposits", Deposit(owner, 50_000, "wire-2026-001"), ApiWorld.OperatorToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var booked = await ApiWorld.JsonOf(first);
        var again = await ApiWorld.JsonOf(repeat);
        Assert.True(booked.GetProperty("created").GetBoolean());
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(booked.GetProperty("sequence").GetInt64(), again.GetProperty("sequence").GetInt64());
        Assert.Equal(booked.GetProperty("entryHash").GetString(), again.GetProperty("entryHash").GetString());
        Assert.Equal(owner, again.GetProperty("owner").GetString());
        Assert.Equal(50_000, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        var balance = await ApiWorld.JsonOf(await world.GetAsync($"/api/accounts/{owner}", world.TokenOf(owner)));
        Assert.Equal(50_000, balance.GetProperty("balance").GetInt64());
        Assert.Equal($"owner:{owner}", balance.GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_reference_reused_for_another_amount_or_owner_is_409_and_books_nothing()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(2);
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync("/api/deposits", Deposit(owner, 50_000, "wire-7"), ApiWorld.OperatorToken)).StatusCode);
        var head = await world.Work.Ledger.ReadHeadAsync(Ct);

        var otherAmount = await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", Deposit(owner, 60_000, "wire-7"), ApiWorld.OperatorToken), 409);
        var otherOwner = await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", Deposit(world.Owner(3), 50_000, "wire-7"), ApiWorld.OperatorToken), 409);

        Assert.Equal("urn:edgecompute:problem:deposit-conflict", otherAmount.GetProperty("type").GetString());
        Assert.Equal("reference", otherOwner.GetProperty("field").GetString());
        Assert.Equal(head, await world.Work.Ledger.ReadHeadAsync(Ct));
        Assert.Equal(0, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(world.Owner(3)), Ct));
    }

    [Fact]
    public async Task A_deposit_needs_the_operator_token()
    {
        await using var world = await ApiWorld.CreateAsync();
        var body = Deposit(world.Owner(0), 1_000, "r-1");

        await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", body), 401);
        await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", body, "nobody's token"), 401);
        await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", body, world.TokenOf(world.Owner(0))), 403);
        Assert.Equal(0, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(world.Owner(0)), Ct));
    }

    [Fact]
    public async Task Deposits_are_refused_when_no_operator_token_is_configured()
    {
        await using var world = await ApiWorld.CreateAsync(operatorToken: null);

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", Deposit(world.Owner(0), 1_000, "r-1"), ApiWorld.OperatorToken), 403);

        Assert.Contains("no operator token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"owner":"owner-99","amount":1000,"reference":"r"}""", "owner")]
    [InlineData("""{"amount":1000,"reference":"r"}""", "owner")]
    [InlineData("""{"owner":"{0}","amount":0,"reference":"r"}""", "amount")]
    [InlineData("""{"owner":"{0}","amount":-5,"reference":"r"}""", "amount")]
    [InlineData("""{"owner":"{0}","amount":"1000","reference":"r"}""", "amount")]
    [InlineData("""{"owner":"{0}","amount":1000}""", "reference")]
    [InlineData("""{"owner":"{0}","amount":1000,"reference":""}""", "reference")]
    [InlineData("""{"owner":"{0}","amount":1000,"reference":"a\u0000b"}""", "reference")]
    [InlineData("""{"owner":"{0}","amount":1000,"reference":"r","memo":"x"}""", "memo")]
    [InlineData("""{"owner":"{0}",""", "body")]
    public async Task A_bad_deposit_body_is_400_naming_the_field(string body, string field)
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/deposits", body.Replace("{0}", world.Owner(0), StringComparison.Ordinal), ApiWorld.OperatorToken), 400);

        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_balance_is_readable_only_with_the_owners_own_token_or_the_operators()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 1_234);

        await ApiWorld.ProblemOf(await world.GetAsync($"/api/accounts/{owner}"), 401);
        await ApiWorld.ProblemOf(await world.GetAsync($"/api/accounts/{owner}", world.TokenOf(world.Owner(1))), 403);
        await ApiWorld.ProblemOf(await world.GetAsync("/api/accounts/someone-else", world.TokenOf(owner)), 403);
        var balance = await ApiWorld.JsonOf(await world.GetAsync($"/api/accounts/{owner}", world.TokenOf(owner)));
        Assert.Equal(1_234, balance.GetProperty("balance").GetInt64());
        var seenByOperator = await ApiWorld.JsonOf(await world.GetAsync($"/api/accounts/{owner}", ApiWorld.OperatorToken));
        Assert.Equal(1_234, seenByOperator.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task The_operator_lists_every_registered_owners_balance_paged_and_nobody_else_may()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owners = world.Work.Fleet.Coordinator.Owners.Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
        await world.Work.FundAsync(owners[2], 7_000);

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/accounts?limit=3", ApiWorld.OperatorToken));
        var rest = await ApiWorld.JsonOf(await world.GetAsync("/api/accounts?offset=3&limit=1000", ApiWorld.OperatorToken));

        var items = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(owners, items.Select(i => i.GetProperty("owner").GetString()));
        Assert.Equal(owners.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(3, first.GetProperty("next").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.All(items, i => Assert.Equal(i.GetProperty("owner").GetString() == owners[2] ? 7_000 : 0, i.GetProperty("balance").GetInt64()));
        Assert.Equal("owner:" + owners[2], items[2].GetProperty("account").GetString());
        await ApiWorld.ProblemOf(await world.GetAsync("/api/accounts"), 401);
        await ApiWorld.ProblemOf(await world.GetAsync("/api/accounts", world.TokenOf(owners[0])), 403);
        Assert.Equal("limit", (await ApiWorld.ProblemOf(await world.GetAsync("/api/accounts?limit=0", ApiWorld.OperatorToken), 400)).GetProperty("field").GetString());
    }
}
