using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary><c>GET /api/ledger/audit</c>: the coordinator's last audit of its ledger, as it ran.</summary>
public sealed class LedgerAuditApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Before_any_audit_it_is_404_then_a_passing_audit_then_a_tampered_posting_fails_the_next_one()
    {
        await using var world = await ApiWorld.CreateAsync();
        await world.Work.FundAsync(world.Owner(0), 5_000);
        await world.Work.FundAsync(world.Owner(1), 7_000);

        await ApiWorld.ProblemOf(await world.GetAsync("/api/ledger/audit"), 404);

        await world.Auditor.RunAsync(Ct);
        var passed = await ApiWorld.JsonOf(await world.GetAsync("/api/ledger/audit"));
        Assert.True(passed.GetProperty("valid").GetBoolean());
        Assert.Equal(("Valid", 2L), (passed.GetProperty("reason").GetString(), passed.GetProperty("entriesChecked").GetInt64()));
        Assert.Equal(3600, passed.GetProperty("intervalSeconds").GetInt64());

        await using (var connection = new SqliteConnection($"Data Source={world.Work.LedgerPath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_postings SET amount = amount + 1 WHERE seq = 2 AND idx = 1";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        await world.Auditor.RunAsync(Ct);
        var failed = await ApiWorld.JsonOf(await world.GetAsync("/api/ledger/audit"));
        Assert.False(failed.GetProperty("valid").GetBoolean());
        Assert.NotEqual("Valid", failed.GetProperty("reason").GetString());
        Assert.NotEmpty(failed.GetProperty("detail").GetString()!);
    }
}
