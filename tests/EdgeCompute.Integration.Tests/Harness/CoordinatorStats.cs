using System.Text.Json;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>The store totals of <c>GET /api/stats</c> that the fault tests compare with what was sent.</summary>
internal sealed record CoordinatorStats(long ReadingsStored, long BatchesStored, long DuplicatesDropped, long ConflictsRejected, long ReadingsLost,
    long TasksIssued, long TasksVerified, long JobsCompleted, long JobsRunning)
{
    public static async Task<CoordinatorStats?> TryReadAsync(HttpClient http, int port)
    {
        try
        {
            var json = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/stats"), TestContext.Current.CancellationToken);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var tasks = root.GetProperty("tasks");
            var jobs = root.GetProperty("jobs");
            return new CoordinatorStats(root.GetProperty("readingsStored").GetInt64(), root.GetProperty("batchesStored").GetInt64(),
                root.GetProperty("duplicatesDropped").GetInt64(), root.GetProperty("conflictsRejected").GetInt64(), root.GetProperty("readingsLost").GetInt64(),
                tasks.GetProperty("issued").GetInt64(), tasks.GetProperty("verified").GetInt64(), jobs.GetProperty("completed").GetInt64(),
                jobs.GetProperty("running").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
