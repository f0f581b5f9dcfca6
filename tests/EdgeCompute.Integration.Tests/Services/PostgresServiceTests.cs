using Npgsql;

namespace EdgeCompute.Integration.Tests.Services;

/// <summary>The PostgreSQL cluster that scripts/test.sh starts: loopback only, fresh database, durable settings.</summary>
public class PostgresServiceTests
{
    [Fact]
    public async Task Runs_with_fsync_and_synchronous_commit_on()
    {
        await using var dataSource = NpgsqlDataSource.Create(ServiceEnvironment.RequirePostgres());
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        Assert.Equal("on", await Setting(connection, "fsync", ct));
        Assert.Equal("on", await Setting(connection, "synchronous_commit", ct));
        Assert.True(connection.PostgreSqlVersion.Major >= 15, $"PostgreSQL {connection.PostgreSqlVersion}");
    }

    private static async Task<string?> Setting(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select current_setting($1)", connection);
        command.Parameters.AddWithValue(name);
        return (string?)await command.ExecuteScalarAsync(ct);
    }
}
