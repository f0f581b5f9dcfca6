using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Benchmarks.Dashboard;

/// <summary>
/// The API half of <c>dashboard-load</c>: gives the fleet a history (each device's judged results, as a fleet that has
/// worked for a while has) and times <c>GET /api/nodes</c> pages — the first, a deep one, filtered ones, and a walk over
/// every page as <c>edgecompute nodes</c> does — beside <c>GET /api/health</c> on the same server, sequentially, one
/// request at a time.
/// </summary>
internal static class NodesPageTimer
{
    /// <summary>
    /// Writes <paramref name="perDevice"/> judged results per device straight into the work store's SQLite file (one task
    /// row per result is not written: only <c>work_results</c> is read by the node pages). One in ten is judged wrong.
    /// </summary>
    public static async Task<long> SeedResultsAsync(string workDatabase, ProvisionedFleet fleet, int perDevice, CancellationToken cancellationToken)
    {
        if (perDevice == 0)
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={workDatabase}");
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys = OFF"; // no task rows behind these results (see above)
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO work_results (task_id, slot, node_id, gateway_id, owner, body, received_ms, verdict, reason, cost_units, verified_ms) " +
            "VALUES (@t, 0, @n, @g, @o, x'00', 0, @v, '', 1000, 0)";
        var task = insert.Parameters.Add("@t", SqliteType.Text);
        var node = insert.Parameters.Add("@n", SqliteType.Text);
        var gateway = insert.Parameters.Add("@g", SqliteType.Text);
        var owner = insert.Parameters.Add("@o", SqliteType.Text);
        var verdict = insert.Parameters.Add("@v", SqliteType.Integer);
        long written = 0;
        foreach (var device in fleet.Coordinator.Devices)
        {
            for (var k = 0; k < perDevice; k++)
            {
                task.Value = $"seed-{device.Id}-{k}";
                node.Value = device.Id;
                gateway.Value = device.GatewayId;
                owner.Value = device.OwnerId;
                verdict.Value = k % 10 == 9 ? 3L : 2L;
                await insert.ExecuteNonQueryAsync(cancellationToken);
                written++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>Times each request <paramref name="requests"/> times (after three untimed) and prints the median and p90.</summary>
    public static async Task RunAsync(string address, ProvisionedFleet fleet, int requests, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var total = fleet.Coordinator.Devices.Count + fleet.Coordinator.Gateways.Count;
        var gateway = fleet.Coordinator.Gateways[fleet.Coordinator.Gateways.Count / 2].Id;
        var owner = fleet.Coordinator.Owners[fleet.Coordinator.Owners.Count / 3].Id;
        (string Name, string Path)[] paths =
        [
            ("health", "/api/health"),
            ("nodes, first page of 100", "/api/nodes?limit=100"),
            ("nodes, a deep page of 100", $"/api/nodes?offset={Math.Max(0, total - 200)}&limit=100"),
            ($"nodes of gateway {gateway}", $"/api/nodes?gateway={gateway}"),
            ($"nodes of owner {owner}, online", $"/api/nodes?owner={owner}&online=true"),
            ("nodes, offline (none)", "/api/nodes?online=false"),
        ];
        foreach (var (name, path) in paths)
        {
            var (times, bytes) = await TimeAsync(http, path, requests, cancellationToken);
            output.WriteLine($"api {name}: median {Percentile(times, 0.5):F2} ms, p90 {Percentile(times, 0.9):F2} ms over {requests} requests, {bytes:N0} bytes ({path})");
        }

        foreach (var cursor in new[] { false, true })
        {
            var walks = new List<double>();
            var pages = 0;
            var nodes = 0;
            for (var walk = 0; walk < 3 + 5; walk++)
            {
                var watch = Stopwatch.StartNew();
                (pages, nodes) = await WalkAsync(http, cursor, cancellationToken);
                if (walk >= 3)
                {
                    walks.Add(watch.Elapsed.TotalMilliseconds);
                }

                if (pages < 0)
                {
                    break;
                }
            }

            if (pages < 0)
            {
                output.WriteLine("api every node by the after cursor: not offered by this build");
                continue;
            }

            output.WriteLine($"api every node, pages of 1,000 by {(cursor ? "the after cursor" : "offset")}: median {Percentile(walks, 0.5):F0} ms per walk over {walks.Count} walks " +
                $"({pages} pages, {nodes:N0} nodes)");
        }
    }

    private static async Task<(List<double> Times, long Bytes)> TimeAsync(HttpClient http, string path, int requests, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 3 + requests; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(path, cancellationToken);
            if (i >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            bytes = body.Length;
        }

        return (times, bytes);
    }

    /// <summary>Every page in turn; (-1, 0) when <paramref name="cursor"/> and the server does not answer with <c>nextAfter</c>.</summary>
    private static async Task<(int Pages, int Nodes)> WalkAsync(HttpClient http, bool cursor, CancellationToken cancellationToken)
    {
        int pages = 0, nodes = 0;
        string? next = "";
        while (next is not null)
        {
            var query = next.Length == 0 ? "" : cursor ? "&after=" + Uri.EscapeDataString(next) : "&offset=" + next;
            using var page = JsonDocument.Parse(await http.GetByteArrayAsync("/api/nodes?limit=1000" + query, cancellationToken));
            pages++;
            nodes += page.RootElement.GetProperty("items").GetArrayLength();
            if (cursor && !page.RootElement.TryGetProperty("nextAfter", out _))
            {
                return (-1, 0);
            }

            var member = page.RootElement.GetProperty(cursor ? "nextAfter" : "next");
            next = member.ValueKind == JsonValueKind.Null ? null
                : member.ValueKind == JsonValueKind.Number ? member.GetInt32().ToString(CultureInfo.InvariantCulture) : member.GetString();
        }

        return (pages, nodes);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
    }
}
