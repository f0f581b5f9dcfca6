using System.Diagnostics;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Tests;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// A ledger a running coordinator wrote to PostgreSQL (a fresh database per test) — a deposit, an epoch of real device
/// telemetry closed and paid with its signed statement — verifies with <c>edgecompute ledger verify</c> as a separate
/// process; after one row is changed directly in PostgreSQL, it does not.
/// </summary>
public sealed class PostgresLedgerTamperTests
{
    [Fact]
    public async Task A_ledger_row_changed_directly_in_postgres_makes_ledger_verify_fail()
    {
        var seed = TestSeed.Pick(20261212);
        await using var database = await PostgresDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("ec-it-ledger-").FullName;
        try
        {
            var fleet = TestFleet.Write(FleetProvisioner.Create(new FleetSpec(2, 1, 3)), Path.Combine(folder, "fleet"));
            var genesis = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var epoch = TimeSpan.FromSeconds(4);
            await using (var network = await LocalNetwork.StartAsync(fleet, database.ConnectionString, o =>
            {
                o.Epochs = new EpochPolicy { Genesis = genesis, EpochLength = epoch };
                o.Settlement = new EpochSettlementOptions { FirstEpochId = 0 };
            }))
            {
                var coordinator = network.Coordinator;
                var deposit = await coordinator.Stores.Ledger.AppendAsync(
                    [Deposits.Credit(Deposits.KeyFor($"it-{seed}"), AccountId.Owner(fleet.Coordinator.Owners[0].Id), 2_000_000, 0)],
                    cancellationToken: TestContext.Current.CancellationToken);
                Assert.True(deposit.IsSuccess, deposit.ReasonCode.ToString());
                await network.StartGatewayAsync(fleet.Gateways[0]);
                var devices = network.Devices(fleet.Devices, seed);
                var report = await devices.RunAsync(genesis + epoch - DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
                await devices.DisposeAsync();
                await network.DrainedAsync();
                Assert.True(report.Totals.ReadingsPublished > 0);
                await Eventually.TrueAsync(() => DateTimeOffset.UtcNow >= genesis + epoch, "the end of epoch 0");
                var closed = await coordinator.CloseDueEpochsAsync(TestContext.Current.CancellationToken);
                Assert.Contains(closed, c => c.Reason == EpochSettlementReason.Closed);
            }

            var entries = await database.ScalarAsync<long>("SELECT count(*) FROM ledger_entries");
            var clean = await LedgerVerifyAsync(fleet.Folder, database.ConnectionString);
            var target = await database.ScalarAsync<long>("SELECT max(seq) FROM ledger_postings WHERE amount > 0");
            var changed = await database.ExecuteAsync($"UPDATE ledger_postings SET amount = amount + 1 WHERE seq = {target} AND idx = (SELECT min(idx) FROM ledger_postings WHERE seq = {target} AND amount > 0)");
            var tampered = await LedgerVerifyAsync(fleet.Folder, database.ConnectionString);

            TestContext.Current.TestOutputHelper!.WriteLine($"seed {seed}: {entries} ledger entries in {database.Name}; changed a posting of sequence {target}");
            Assert.True(entries >= 2, $"{entries} entries");
            Assert.Equal(0, clean.ExitCode);
            Assert.Contains("Ledger verified", clean.Output, StringComparison.Ordinal);
            Assert.Equal(1, changed);
            Assert.Equal(1, tampered.ExitCode);
            Assert.Contains($"sequence {target}", tampered.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs the built CLI (copied next to the tests) as its own process.</summary>
    private static async Task<(int ExitCode, string Output)> LedgerVerifyAsync(string fleetFolder, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "edgecompute.dll"), "ledger", "verify", "--fleet", fleetFolder, "--postgres", connectionString })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output + await error;
        TestContext.Current.TestOutputHelper!.WriteLine($"edgecompute ledger verify → {process.ExitCode}\n{text}");
        return (process.ExitCode, text);
    }
}
