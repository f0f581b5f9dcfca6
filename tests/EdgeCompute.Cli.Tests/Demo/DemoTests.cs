using System.Text.Json;
using EdgeCompute.Cli.Demo;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Tests.Demo;

/// <summary>
/// The demo end to end, on loopback with free ports. The healthy run is what scripts/test.sh checks after the test
/// projects; here a frame is removed from the coordinator's store after the run (a frame lost between device and store)
/// and the summary, computed from the store, must report it and fail.
/// </summary>
public sealed class DemoTests
{
    [Fact]
    public async Task A_frame_missing_from_the_store_is_reported_as_lost_and_fails_the_demo()
    {
        var seed = TestSeed.Pick(5151);
        var folder = Directory.CreateTempSubdirectory("edgecompute-demo-").FullName;
        string? removed = null;
        using var output = new StringWriter();
        var context = new CliContext
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(new StringWriter()),
            GetEnvironmentVariable = _ => null,
            ConfigureLogging = logging => logging.ClearProviders(),
            HandleProcessSignals = false,
        };
        var settings = new DemoSettings(12, 3, TimeSpan.FromSeconds(15), folder, Json: true, seed, 0, 0, 0)
        {
            BeforeSummary = (coordinator, ct) =>
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "telemetry.db")};Pooling=False");
                connection.Open();
                using var select = connection.CreateCommand();
                select.CommandText = "SELECT device, boot, seq FROM telemetry_frames f WHERE type <> 3 AND seq > 1 " +
                    "AND EXISTS (SELECT 1 FROM telemetry_frames g WHERE g.device = f.device AND g.boot = f.boot AND g.seq > f.seq) ORDER BY device, boot, seq LIMIT 1";
                using (var reader = select.ExecuteReader())
                {
                    Assert.True(reader.Read(), $"seed {seed}: no frame in the middle of a sequence to remove");
                    removed = $"{reader.GetString(0)}/{reader.GetInt64(1)}/{reader.GetInt64(2)}";
                }

                var parts = removed.Split('/');
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM telemetry_frames WHERE device = $d AND boot = $b AND seq = $s";
                delete.Parameters.AddWithValue("$d", parts[0]);
                delete.Parameters.AddWithValue("$b", long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                delete.Parameters.AddWithValue("$s", long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(1, delete.ExecuteNonQuery());
                return Task.CompletedTask;
            },
        };

        var code = await DemoRun.RunAsync(settings, context, TestContext.Current.CancellationToken);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        TestContext.Current.TestOutputHelper?.WriteLine($"removed {removed}\n{string.Join('\n', lines)}");
        using var report = JsonDocument.Parse(lines[^1]);
        var telemetry = report.RootElement.GetProperty("telemetry");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(1, telemetry.GetProperty("framesMissing").GetInt64());
        Assert.True(telemetry.GetProperty("readingsLost").GetInt64() > 0, $"seed {seed}");
        Assert.Contains(report.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("lost", StringComparison.Ordinal));

        // the rest of the run is read from the same stores (job completion at the default size is what scripts/test.sh checks)
        Assert.Equal(5, report.RootElement.GetProperty("jobs").GetArrayLength());
        Assert.True(report.RootElement.GetProperty("ledger").GetProperty("verified").GetBoolean());
        Assert.Equal(report.RootElement.GetProperty("cheaters").GetProperty("count").GetInt32(), report.RootElement.GetProperty("cheaters").GetProperty("detected").GetInt32());
        Assert.True(File.Exists(Path.Combine(folder, "render.png")));
        Assert.True(File.Exists(Path.Combine(folder, "rewards.png")));
    }
}
