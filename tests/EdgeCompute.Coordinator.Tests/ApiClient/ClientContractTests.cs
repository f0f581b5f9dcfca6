using System.Reflection;
using System.Text.Json;
using EdgeCompute.Client;
using EdgeCompute.Client.Accounts;
using EdgeCompute.Client.Errors;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Client.Nodes;
using EdgeCompute.Client.Telemetry;
using EdgeCompute.Coordinator.Tests.Api;

namespace EdgeCompute.Coordinator.Tests.ApiClient;

/// <summary>
/// <see cref="EdgeComputeClient"/> against the served OpenAPI document: a method for every operation, a type with exactly
/// the schema's members for every named schema the operations use, and every method answered by the real endpoints.
/// </summary>
public sealed class ClientContractTests
{
    /// <summary>Each operation id of the document and the client methods that call it.</summary>
    private static readonly Dictionary<string, string[]> Methods = new(StringComparer.Ordinal)
    {
        ["Health"] = [nameof(EdgeComputeClient.GetHealthAsync)],
        ["Stats"] = [nameof(EdgeComputeClient.GetStatsAsync)],
        ["SubmitJob"] = [nameof(EdgeComputeClient.SubmitJobAsync)],
        ["CancelJob"] = [nameof(EdgeComputeClient.CancelJobAsync)],
        ["LedgerAudit"] = [nameof(EdgeComputeClient.GetLedgerAuditAsync)],
        ["ListJobTasks"] = [nameof(EdgeComputeClient.ListJobTasksAsync)],
        ["ListJobs"] = [nameof(EdgeComputeClient.ListJobsAsync)],
        ["ShowJob"] = [nameof(EdgeComputeClient.GetJobAsync), nameof(EdgeComputeClient.WaitForJobAsync)],
        ["JobResult"] = [nameof(EdgeComputeClient.GetJobResultAsync)],
        ["JobImage"] = [nameof(EdgeComputeClient.GetJobImageAsync)],
        ["ListNodes"] = [nameof(EdgeComputeClient.ListNodesAsync)],
        ["ReadTelemetry"] = [nameof(EdgeComputeClient.GetTelemetryAsync), nameof(EdgeComputeClient.ExportTelemetryAsync)],
        ["ListEpochs"] = [nameof(EdgeComputeClient.ListEpochsAsync)],
        ["ShowEpoch"] = [nameof(EdgeComputeClient.GetEpochStatementAsync)],
        ["EpochQuality"] = [nameof(EdgeComputeClient.GetEpochQualityAsync)],
        ["EpochProof"] = [nameof(EdgeComputeClient.GetPayoutProofAsync), nameof(EdgeComputeClient.GetVerifiedPayoutAsync)],
        ["AccountBalance"] = [nameof(EdgeComputeClient.GetBalanceAsync)],
        ["ListAccounts"] = [nameof(EdgeComputeClient.ListAccountsAsync)],
        ["Deposit"] = [nameof(EdgeComputeClient.DepositAsync)],
        ["ShowFleet"] = [nameof(EdgeComputeClient.GetFleetAsync)],
        ["ShowSession"] = [nameof(EdgeComputeClient.GetSessionAsync)],
        ["ShowEpochPolicy"] = [nameof(EdgeComputeClient.GetEpochPolicyAsync)],
        ["ShowPricing"] = [nameof(EdgeComputeClient.GetPricingAsync)],
        ["UploadBlob"] = [nameof(EdgeComputeClient.UploadBlobAsync)],
        ["HasBlob"] = [nameof(EdgeComputeClient.HasBlobAsync)],
        ["GetBlob"] = [nameof(EdgeComputeClient.GetBlobAsync)],
        ["GetBlobChunks"] = [nameof(EdgeComputeClient.GetBlobChunksAsync)],
    };

    /// <summary>Schemas the client does not mirror as a type: job specs and results travel as JSON objects, problems as <see cref="ApiProblem"/>.</summary>
    private static readonly HashSet<string> Untyped = new(StringComparer.Ordinal) { "JobSpec", "JobResult", "ProblemDetails", "JobSubmissionRequest" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_has_a_client_method()
    {
        await using var world = await ApiWorld.CreateAsync();
        var document = await ApiWorld.JsonOf(await world.GetAsync("/openapi/v1.json"));
        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Select(o => o.Value.GetProperty("operationId").GetString()!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Methods.Keys.Order(StringComparer.Ordinal), operations);
        var declared = typeof(EdgeComputeClient).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(Methods.Values.SelectMany(m => m), name => Assert.Contains(name, declared));
    }

    [Fact]
    public async Task Every_named_schema_has_a_client_type_with_the_same_members()
    {
        await using var world = await ApiWorld.CreateAsync();
        var document = await ApiWorld.JsonOf(await world.GetAsync("/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var types = typeof(EdgeComputeClient).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract).ToLookup(t => t.Name, StringComparer.Ordinal);
        var used = UsedSchemas(document);
        var failures = new List<string>();
        foreach (var name in used.Where(n => !Untyped.Contains(n)))
        {
            if (schemas.GetProperty(name).TryGetProperty("type", out var kind) && kind.GetString() is "number" or "string" or "integer")
            {
                continue; // a scalar with a name (ScaledValue is an exact decimal): the client reads it as a number
            }

            var type = types[name].SingleOrDefault();
            if (type is null)
            {
                failures.Add($"{name}: no client type");
                continue;
            }

            var expected = schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var actual = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(actual))
            {
                failures.Add($"{name}: schema has [{string.Join(", ", expected)}], client type [{string.Join(", ", actual)}]");
            }
        }

        Assert.True(used.Count >= 20, $"only {used.Count} schemas reached");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_client_method_is_answered_by_the_served_endpoints()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        var device = world.Work.Fleet.Coordinator.Devices[0].Id;
        await world.StoreTelemetryAsync(device, "temp", [(WorkWorld0 + 1_000, 2_150), (WorkWorld0 + 61_000, 2_160)]);
        using var anyone = ClientWorld.Client(world);
        using var ownerClient = ClientWorld.Client(world, world.TokenOf(owner));
        using var operatorClient = ClientWorld.Client(world, ApiWorld.OperatorToken);

        Assert.Equal("ok", (await anyone.GetHealthAsync(Ct)).Status);
        Assert.Equal(12, (await anyone.GetStatsAsync(Ct)).ReadingsStored); // two rows of six readings each
        var deposit = await operatorClient.DepositAsync(new DepositBody(owner, 50_000, "contract-1"), Ct);
        Assert.True(deposit.Created);
        Assert.False((await operatorClient.DepositAsync(new DepositBody(owner, 50_000, "contract-1"), Ct)).Created);
        Assert.Equal(50_000, (await ownerClient.GetBalanceAsync(owner, Ct)).Balance);
        var accounts = await operatorClient.ListAccountsAsync(cancellationToken: Ct);
        Assert.Equal(50_000, accounts.Items.Single(a => a.Owner == owner).Balance);

        using var spec = JsonDocument.Parse("""{"kind":"primes","from":0,"to":100000,"chunkSize":25000}""");
        var accepted = await ownerClient.SubmitJobAsync(new JobSubmission(spec.RootElement, 4_000), Ct);
        Assert.True(JobIds.IsValid(accepted.JobId));
        Assert.Equal(JobStatuses.Running, accepted.Status);
        Assert.Equal(accepted.JobId, Assert.Single((await anyone.ListJobsAsync(cancellationToken: Ct)).Items).Id);
        var running = await anyone.GetJobAsync(accepted.JobId, Ct);
        Assert.Equal(4, running.Tasks!.Total);
        var early = await Assert.ThrowsAsync<ApiProblemException>(() => anyone.GetJobResultAsync(accepted.JobId, Ct));
        Assert.Equal(ApiProblemTypes.JobRunning, early.Type);
        await world.Work.RunUntilDoneAsync();
        Assert.Equal(JobStatuses.Completed, (await anyone.WaitForJobAsync(accepted.JobId, TimeSpan.FromMilliseconds(1), null, Ct)).Status);
        Assert.Equal("primes", (await anyone.GetJobResultAsync(accepted.JobId, Ct)).GetProperty("kind").GetString());
        Assert.Equal(ApiProblemTypes.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => anyone.GetJobImageAsync(accepted.JobId, Ct))).Type);

        Assert.NotEmpty((await anyone.ListNodesAsync(cancellationToken: Ct)).Items);
        var firstNodes = await anyone.ListNodesAsync(new NodeQuery(Limit: 3), Ct);
        var nextNodes = await anyone.ListNodesAsync(new NodeQuery(Limit: 3, After: firstNodes.NextAfter), Ct);
        var allNodes = await anyone.ListAllNodesAsync(cancellationToken: Ct);
        Assert.Equal((firstNodes.Items[^1].Id, 3), (firstNodes.NextAfter, nextNodes.Offset));
        Assert.Equal(firstNodes.Items.Concat(nextNodes.Items).Select(n => n.Id), allNodes.Take(6).Select(n => n.Id));
        Assert.Equal(firstNodes.Total, allNodes.Count);
        var page = await anyone.GetTelemetryAsync(new TelemetryQuery(device, "temp"), Ct);
        Assert.Equal([21.50m, 21.60m], page.Points.Select(p => p.Mean));
        var csv = await anyone.ExportTelemetryAsync(new TelemetryQuery(device, "temp") { Limit = 1 }, TelemetryFormat.Csv, Ct);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.NotNull(csv.NextAfter);
        Assert.Empty((await anyone.ListEpochsAsync(cancellationToken: Ct)).Items);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiProblemException>(() => anyone.GetEpochQualityAsync(0, cancellationToken: Ct))).Status);

        var blob = new byte[3_000_000];
        new Random(7).NextBytes(blob);
        Assert.False(await ownerClient.HasBlobAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blob)), Ct));
        var stored = await ownerClient.UploadBlobAsync(new MemoryStream(blob), Ct);
        Assert.Equal(blob.Length, stored.Size);
        Assert.Equal(stored, await ownerClient.UploadBlobAsync(blob, Ct)); // already held: the same answer
        Assert.True(await ownerClient.HasBlobAsync(stored.Sha256, Ct));
        Assert.Equal(blob, await ownerClient.GetBlobAsync(stored.Sha256, cancellationToken: Ct));
        Assert.Equal(blob.AsSpan(1_048_570, 10).ToArray(), await ownerClient.GetBlobAsync(stored.Sha256, 1_048_570, 1_048_579, Ct));
        var chunks = await ownerClient.GetBlobChunksAsync(stored.Sha256, Ct);
        Assert.Equal((3, 1_048_576), (chunks.Chunks.Count, chunks.ChunkBytes));
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiProblemException>(() => operatorClient.GetBlobAsync(new string('0', 64), cancellationToken: Ct))).Status);

        var unauthorized = await Assert.ThrowsAsync<ApiProblemException>(() => anyone.GetBalanceAsync(owner, Ct));
        Assert.Equal(401, unauthorized.Status);
        Assert.Equal(1, unauthorized.Attempts);
        var bad = await Assert.ThrowsAsync<ApiProblemException>(() => anyone.ListJobsAsync(limit: 0, cancellationToken: Ct));
        Assert.Equal("limit", bad.Problem.Field);
    }

    private const long WorkWorld0 = EdgeCompute.Coordinator.Tests.UseCases.WorkWorld.T0;

    /// <summary>The component schemas the operations reach, following references through properties, items and oneOf.</summary>
    private static HashSet<string> UsedSchemas(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonElement>(document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value));
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in element.EnumerateObject())
                {
                    if (member.Name == "$ref" && member.Value.GetString() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        var name = reference["#/components/schemas/".Length..];
                        if (used.Add(name) && !Untyped.Contains(name))
                        {
                            pending.Push(schemas.GetProperty(name));
                        }
                    }
                    else
                    {
                        pending.Push(member.Value);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    pending.Push(item);
                }
            }
        }

        return used;
    }
}
