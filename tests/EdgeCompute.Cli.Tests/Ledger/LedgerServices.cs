namespace EdgeCompute.Cli.Tests.Ledger;

/// <summary>
/// The PostgreSQL server scripts/test.sh starts and exports as <c>EDGECOMPUTE_POSTGRES</c>. Missing, a test is skipped,
/// unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c> (the test command sets it): then it fails, so CI never passes by skipping.
/// </summary>
internal static class LedgerServices
{
    public static string RequirePostgres()
    {
        var connectionString = Environment.GetEnvironmentVariable("EDGECOMPUTE_POSTGRES");
        if (!string.IsNullOrEmpty(connectionString)) return connectionString;
        const string message = "PostgreSQL (EDGECOMPUTE_POSTGRES) is not configured; run the tests through scripts/test.sh, which starts it";
        if (Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1") Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
        Assert.Skip(message);
        return "";
    }
}
