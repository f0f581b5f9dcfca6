using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tests.ApiClient;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary>
/// Task outputs too large for a batch item, end to end in process: each gateway uploads its 1 MiB output with its own
/// credentials for the assignment it holds, then reports it by hash (item kind 7); the coordinator judges only stored
/// outputs, compares replicas by hash, names the outputs by hash in the job's result, and the submitter reads them.
/// </summary>
public sealed class OutputBlobEndToEndTests
{
    private const int Seed = 1617;
    private const long Fee = 9_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GatewayPutAsync(ApiWorld world, byte[] output, string taskId, uint slot, string gatewayId, string password)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(output));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/blobs/{hash}?task={taskId}&slot={slot}") { Content = new ByteArrayContent(output) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TryAddWithoutValidation("Authorization", $"Gateway {gatewayId}:{password}");
        return await world.Client.SendAsync(request, Ct);
    }

    private static byte[] Output(int index)
    {
        var bytes = new byte[1 << 20];
        new Random(Seed + index).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task One_MiB_outputs_travel_as_blobs_uploaded_by_their_gateways_and_the_job_names_them_by_hash()
    {
        Console.WriteLine($"seed {Seed}");
        await using var world = await ApiWorld.CreateAsync(Seed);
        var gateways = world.Work.Fleet.Coordinator.Gateways;
        var plain = gateways[2];
        foreach (var gateway in gateways)
        {
            var attached = world.Work.Fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
            string[] kernels = gateway == plain ? [] : [KernelNames.WasmBlob];
            world.Work.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 2, WorkWorld.T0, 4, 1L << 30, true, attached, "u4pruyd", kernels));
        }

        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, Fee);
        using var client = ClientWorld.Client(world, world.TokenOf(owner));
        var moduleBlob = await client.UploadBlobAsync(WasmModules.WithData(20_000), Ct);
        var inputBlobs = new List<string>();
        foreach (var input in new[] { new byte[3_000], new byte[4_000] })
        {
            inputBlobs.Add((await client.UploadBlobAsync(input, Ct)).Sha256);
        }

        using var spec = JsonDocument.Parse(JsonSerializer.Serialize(new { kind = "wasm-map", moduleSha256 = moduleBlob.Sha256, inputSha256 = inputBlobs, fuel = 100_000, memoryBytes = 65_536 }));
        var accepted = await client.SubmitJobAsync(new JobSubmission(spec.RootElement, Fee), Ct);
        await world.Work.UseCases.Issue.PumpAsync(Ct);
        var issued = world.Work.Published.All.Select(t => (t.GatewayId, Assignment: TaskAssignmentCodec.Decode(t.Assignment).Value!)).OrderBy(i => i.Assignment.TaskId, StringComparer.Ordinal).ToList();
        Assert.Equal(4, issued.Count); // 2 inputs × 2 replicas
        var first = issued[0];
        var other = issued.First(i => i.GatewayId != first.GatewayId);
        var gatewayOf = gateways.ToDictionary(g => g.Id);
        var output0 = Output(0);
        var hash0 = Convert.ToHexStringLower(SHA256.HashData(output0));

        // A result naming an output the store does not hold is not judged: rejected and counted, the slot stays open.
        await world.Work.UseCases.Results.AcceptGatewayResultAsync(Item(first.Assignment, output0), first.GatewayId, Ct);
        Assert.Equal(1, world.Work.UseCases.Counters[Coordinator.UseCases.WorkCounter.ResultOutputNotStored]);
        Assert.Empty(await world.Work.Store.ReadResultsAsync(first.Assignment.TaskId, Ct));

        // Uploads: only by a gateway holding the open assignment of that task and slot.
        using (var stranger = await GatewayPutAsync(world, output0, first.Assignment.TaskId, first.Assignment.Slot, plain.Id, plain.BrokerPassword))
        {
            await ApiWorld.ProblemOf(stranger, 403);
        }

        using (var notItsSlot = await GatewayPutAsync(world, output0, other.Assignment.TaskId, other.Assignment.Slot, first.GatewayId, gatewayOf[first.GatewayId].BrokerPassword))
        {
            await ApiWorld.ProblemOf(notItsSlot, 403);
        }

        using (var noTask = await GatewayPutAsync(world, output0, "Not-A-Task", first.Assignment.Slot, first.GatewayId, gatewayOf[first.GatewayId].BrokerPassword))
        {
            Assert.Equal("task", (await ApiWorld.ProblemOf(noTask, 400)).GetProperty("field").GetString());
        }

        using (var wrongPassword = await GatewayPutAsync(world, output0, first.Assignment.TaskId, first.Assignment.Slot, first.GatewayId, plain.BrokerPassword))
        {
            await ApiWorld.ProblemOf(wrongPassword, 401);
        }

        using (var tooLarge = await GatewayPutAsync(world, new byte[GatewayTaskResultItem.MaxBlobOutputBytes + 1], first.Assignment.TaskId, first.Assignment.Slot, first.GatewayId,
                   gatewayOf[first.GatewayId].BrokerPassword))
        {
            await ApiWorld.ProblemOf(tooLarge, 413);
        }

        Assert.False(await client.HasBlobAsync(hash0, Ct)); // nothing refused was kept

        // Every replica uploads its 1 MiB output, then reports it by hash; both replicas of a task agree byte for byte.
        foreach (var (gatewayId, assignment) in issued)
        {
            var output = Output(TaskIndex(issued, assignment.TaskId));
            using var put = await GatewayPutAsync(world, output, assignment.TaskId, assignment.Slot, gatewayId, gatewayOf[gatewayId].BrokerPassword);
            Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{put.StatusCode}: {await put.Content.ReadAsStringAsync(Ct)}");
            await world.Work.UseCases.Results.AcceptGatewayResultAsync(Item(assignment, output), gatewayId, Ct);
        }

        await world.Work.UseCases.Issue.PumpAsync(Ct);
        var job = (await world.Work.Store.FindJobAsync(accepted.JobId, Ct))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, world.Work.UseCases.Counters[Coordinator.UseCases.WorkCounter.ResultOutputNotStored]);

        var tasks = await client.ListAllJobTasksAsync(accepted.JobId, null, Ct);
        Assert.Equal(
            [Convert.ToHexStringLower(SHA256.HashData(Output(0))), Convert.ToHexStringLower(SHA256.HashData(Output(1)))],
            tasks.OrderBy(t => t.Index).Select(t => t.Results.Select(r => r.OutputBlob).Distinct().Single()));
        Assert.All(tasks, t => Assert.Equal(2, t.Results.Count(r => r.Verdict == "valid")));

        var result = await client.GetJobResultAsync(accepted.JobId, Ct);
        var blobs = result.GetProperty("outputBlobs").EnumerateArray().ToList();
        Assert.Equal(2, blobs.Count);
        for (var i = 0; i < 2; i++)
        {
            var expected = Output(i);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), blobs[i].GetProperty("sha256").GetString());
            Assert.Equal(expected.Length, blobs[i].GetProperty("size").GetInt64());
            Assert.Empty(result.GetProperty("outputs")[i].GetBytesFromBase64());
            Assert.Equal(expected, await client.GetBlobAsync(blobs[i].GetProperty("sha256").GetString()!, cancellationToken: Ct)); // the submitter reads it
        }
    }

    private static int TaskIndex(IReadOnlyList<(string GatewayId, TaskAssignment Assignment)> issued, string taskId) =>
        issued.Select(i => i.Assignment.TaskId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList().IndexOf(taskId);

    private static GatewayTaskResultItem Item(TaskAssignment assignment, byte[] output) =>
        new(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Ok, 100, ReadOnlyMemory<byte>.Empty)
        {
            OutputBlob = new GatewayTaskOutputBlob(Convert.ToHexStringLower(SHA256.HashData(output)), (ulong)output.Length),
        };
}
