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
/// A researcher's job by hash, end to end in process: module and inputs uploaded through the client, the job submitted
/// by hash, issued as <c>wasm.blob</c> assignments only to gateways that list the kernel, and the blobs readable by a
/// gateway only while it holds an open assignment naming them.
/// </summary>
public sealed class BlobJobEndToEndTests
{
    private const int Seed = 1616;
    private const long Fee = 9_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Hex(ReadOnlyMemory<byte> hash) => Convert.ToHexStringLower(hash.Span);

    private static async Task<HttpResponseMessage> GatewayGetAsync(ApiWorld world, string url, string gatewayId, string password, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", $"Gateway {gatewayId}:{password}");
        if (range is not null) request.Headers.Range = RangeHeaderValue.Parse(range);
        return await world.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_job_by_hash_runs_as_wasm_blob_assignments_whose_blobs_only_the_assigned_gateway_reads_while_its_assignment_is_open()
    {
        Console.WriteLine($"seed {Seed}");
        await using var world = await ApiWorld.CreateAsync(Seed);
        var gateways = world.Work.Fleet.Coordinator.Gateways;
        var (blobA, blobB, plain) = (gateways[0], gateways[1], gateways[2]);
        Assert.NotEqual(blobA.OwnerId, blobB.OwnerId); // 2-of-2 quorum needs two owners
        foreach (var gateway in gateways)
        {
            var attached = world.Work.Fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
            string[] kernels = gateway == plain ? [] : [KernelNames.WasmBlob];
            world.Work.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 2, WorkWorld.T0, 4, 1L << 30, true, attached, "u4pruyd", kernels));
        }

        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, Fee);
        using var client = ClientWorld.Client(world, world.TokenOf(owner));
        var module = WasmModules.WithData(20_000);
        Assert.True(module.Length > 2_048, $"module of {module.Length} bytes");
        var moduleBlob = await client.UploadBlobAsync(module, Ct);
        var inputs = new[] { new byte[5_000], new byte[10], new byte[1_500_000] }.Select((b, i) =>
        {
            new Random(Seed + i).NextBytes(b);
            return b;
        }).ToList();
        var inputBlobs = new List<string>();
        foreach (var input in inputs)
        {
            inputBlobs.Add((await client.UploadBlobAsync(new MemoryStream(input), Ct)).Sha256);
        }

        using var spec = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            kind = "wasm-map", moduleSha256 = moduleBlob.Sha256, inputSha256 = inputBlobs, fuel = 100_000, memoryBytes = 65_536,
        }));
        var accepted = await client.SubmitJobAsync(new JobSubmission(spec.RootElement, Fee), Ct);
        await world.Work.UseCases.Issue.PumpAsync(Ct);

        var issued = world.Work.Published.All.Select(t => (Task: t, Assignment: TaskAssignmentCodec.Decode(t.Assignment).Value!)).ToList();
        Assert.Equal(6, issued.Count); // 3 inputs × 2 replicas
        Assert.All(issued, i =>
        {
            var parameters = Assert.IsType<WasmBlobParameters>(i.Assignment.Parameters);
            Assert.Equal(moduleBlob.Sha256, Hex(parameters.ModuleHash));
            Assert.Equal((ulong)module.Length, parameters.ModuleSize);
            Assert.NotEqual(plain.Id, i.Task.GatewayId); // it does not list wasm.blob
        });
        var byTask = issued.OrderBy(i => i.Assignment.TaskId, StringComparer.Ordinal).Select(i => (WasmBlobParameters)i.Assignment.Parameters).ToList();
        Assert.Equal([inputBlobs[0], inputBlobs[0], "", "", inputBlobs[2], inputBlobs[2]], byTask.Select(p => Hex(p.InputHash))); // the 10-byte input travels inline
        Assert.Equal(inputs[1], byTask[2].InlineInput.ToArray());
        Assert.All(byTask.Where(p => p.InputByHash), p => Assert.True(p.InlineInput.IsEmpty));
        Assert.Equal([blobA.Id, blobB.Id], issued.Select(i => i.Task.GatewayId).Distinct().Order(StringComparer.Ordinal));

        // The assigned gateway reads the module's chunk list, a range of it and the large input; another gateway and a wrong password cannot.
        Assert.Contains(issued, i => Hex(((WasmBlobParameters)i.Assignment.Parameters).InputHash) == inputBlobs[2] && i.Task.GatewayId == blobA.Id);
        using (var chunks = await GatewayGetAsync(world, $"/api/blobs/{moduleBlob.Sha256}/chunks", blobA.Id, blobA.BrokerPassword))
        {
            Assert.Equal(HttpStatusCode.OK, chunks.StatusCode);
            Assert.Equal(module.Length, (await ApiWorld.JsonOf(chunks)).GetProperty("size").GetInt64());
        }

        using (var part = await GatewayGetAsync(world, $"/api/blobs/{inputBlobs[2]}", blobA.Id, blobA.BrokerPassword, "bytes=1048576-"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(inputs[2][1_048_576..], await part.Content.ReadAsByteArrayAsync(Ct));
        }

        using (var whole = await GatewayGetAsync(world, $"/api/blobs/{moduleBlob.Sha256}", blobA.Id, blobA.BrokerPassword))
        {
            Assert.Equal(module, await whole.Content.ReadAsByteArrayAsync(Ct));
        }

        using (var stranger = await GatewayGetAsync(world, $"/api/blobs/{moduleBlob.Sha256}", plain.Id, plain.BrokerPassword))
        {
            Assert.Equal("urn:edgecompute:problem:forbidden", (await ApiWorld.ProblemOf(stranger, 403)).GetProperty("type").GetString());
        }

        using (var inlineOnly = await GatewayGetAsync(world, $"/api/blobs/{inputBlobs[1]}", blobA.Id, blobA.BrokerPassword))
        {
            await ApiWorld.ProblemOf(inlineOnly, 403); // no assignment names an input that travels inline
        }

        using (var wrongPassword = await GatewayGetAsync(world, $"/api/blobs/{moduleBlob.Sha256}/chunks", blobA.Id, blobB.BrokerPassword))
        {
            await ApiWorld.ProblemOf(wrongPassword, 401);
        }

        // Every replica answers alike (batch item kind 6, as for wasm): the job completes, the assignments close, and the gateway may read no more.
        foreach (var (task, assignment) in issued)
        {
            await world.Work.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Ok, 100, new byte[] { 7, (byte)assignment.TaskId.Length }),
                task.GatewayId, Ct);
        }

        await world.Work.UseCases.Issue.PumpAsync(Ct);
        Assert.Equal(JobStatus.Completed, (await world.Work.Store.FindJobAsync(accepted.JobId, Ct))!.Status);
        using (var closed = await GatewayGetAsync(world, $"/api/blobs/{inputBlobs[2]}", blobA.Id, blobA.BrokerPassword))
        {
            await ApiWorld.ProblemOf(closed, 403);
        }

        Assert.True(await client.HasBlobAsync(inputBlobs[0], Ct)); // the owner still holds what the job named
    }
}
