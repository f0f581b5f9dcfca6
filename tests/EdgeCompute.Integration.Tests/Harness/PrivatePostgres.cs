using System.Diagnostics;
using System.Globalization;
using EdgeCompute.Integration.Tests.Services;
using Npgsql;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>
/// A PostgreSQL cluster of one test — never the shared one scripts/test.sh starts, which other tests use — made with
/// <c>initdb</c> in a temporary folder (trust authentication, loopback only, a free port) and driven with <c>pg_ctl</c>, so a
/// test can stop it (an outage), start it again, and damage its files while it is down. Run as the <c>postgres</c> user
/// when the tests run as root (PostgreSQL refuses root). Removed on disposal.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The data directory (its files can be damaged while the server is stopped).</summary>
    public string DataDirectory => Path.Combine(_folder, "data");

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    /// <summary>A connection string to <paramref name="database"/> (made by <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    /// <summary>Finds initdb and pg_ctl (fails under EDGECOMPUTE_REQUIRE_SERVICES=1, else skips), makes a cluster and starts it.</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            ServiceEnvironment.Missing("PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/*/bin)");
        }

        var folder = Directory.CreateTempSubdirectory("ec-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // the postgres user must reach its data folder
        }

        Directory.CreateDirectory(Path.Combine(folder, "sock"));
        var postgres = new PrivatePostgres(bin!, folder, FreePort.Next());
        if (Environment.UserName == "root")
        {
            await postgres.RunAsync("chown", ["-R", "postgres:postgres", folder]);
        }

        await postgres.AsPostgresAsync(Path.Combine(bin!, "initdb"), "-D", postgres.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await postgres.StartAgainAsync();
        return postgres;
    }

    /// <summary>Starts the server (again) on the same port and data, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {Path.Combine(_folder, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        TestLog.Line($"[postgres] private cluster on 127.0.0.1:{Port}");
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: connections are cut, as in an outage or a restart).</summary>
    public async Task StopAsync()
    {
        await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        TestLog.Line("[postgres] private cluster stopped");
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public string ServerLog() => File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop");
            }
            catch (Xunit.Sdk.XunitException)
            {
                // already stopped
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temp folder is harmless
        }
    }

    private Task AsPostgresAsync(string program, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("su", ["postgres", "-s", "/bin/bash", "-c", string.Join(' ', new[] { program }.Concat(args).Select(Quote))])
            : RunAsync(program, args);

    private async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        var said = await output + await error;
        Assert.True(process.ExitCode == 0, string.Create(CultureInfo.InvariantCulture,
            $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {said}\n{ServerLog()}"));
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
