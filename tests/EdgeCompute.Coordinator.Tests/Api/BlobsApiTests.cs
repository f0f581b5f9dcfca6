using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary>The blob endpoints through HTTP: uploads and their refusals, HEAD that tells only the caller's holdings, ranged reads and the chunk list.</summary>
public sealed class BlobsApiTests
{
    private const int Seed = 16;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task<HttpResponseMessage> PutAsync(ApiWorld world, string sha256, byte[] body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/blobs/{sha256}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await world.Client.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> GetAsync(ApiWorld world, string url, string token, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return await world.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task An_upload_is_201_the_first_time_and_200_after_and_counts_once_against_the_quota()
    {
        Console.WriteLine($"seed {Seed}");
        await using var world = await ApiWorld.CreateAsync(Seed, blobQuotaBytes: 10_000_000);
        var token = world.TokenOf(world.Owner(0));
        var blob = Bytes(6_000_000, Seed);

        using var first = await PutAsync(world, Hash(blob), blob, token);
        using var second = await PutAsync(world, Hash(blob), blob, token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/blobs/{Hash(blob)}", first.Headers.Location?.OriginalString);
        var body = await ApiWorld.JsonOf(first);
        Assert.Equal((Hash(blob), 6_000_000L), (body.GetProperty("sha256").GetString(), body.GetProperty("size").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode); // 12 MB sent, 6 MB held: within the 10 MB quota
        Assert.Equal(6_000_000, await world.Work.Blobs.UsedBytesAsync(world.Owner(0), Ct));
    }

    [Fact]
    public async Task An_upload_whose_bytes_are_not_its_hash_is_400_hash_mismatch_naming_what_arrived()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var blob = Bytes(10_000, Seed);
        var claimed = Hash(Bytes(10_000, Seed + 1));

        using var response = await PutAsync(world, claimed, blob, world.TokenOf(world.Owner(0)));

        var problem = await ApiWorld.ProblemOf(response, 400);
        Assert.Equal("urn:edgecompute:problem:hash-mismatch", problem.GetProperty("type").GetString());
        Assert.Equal(Hash(blob), problem.GetProperty("received").GetString());
        Assert.False(await world.Work.Blobs.HoldsAsync(world.Owner(0), claimed, Ct));
    }

    [Fact]
    public async Task An_upload_over_8_MiB_is_413_too_large()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var blob = new byte[(8 * 1024 * 1024) + 1];

        using var response = await PutAsync(world, Hash(blob), blob, world.TokenOf(world.Owner(0)));

        var problem = await ApiWorld.ProblemOf(response, 413);
        Assert.Equal("urn:edgecompute:problem:too-large", problem.GetProperty("type").GetString());
        Assert.Equal(8 * 1024 * 1024, problem.GetProperty("maxBytes").GetInt64());
    }

    [Fact]
    public async Task An_upload_past_the_quota_is_409_naming_the_quota_and_the_owners_use()
    {
        await using var world = await ApiWorld.CreateAsync(Seed, blobQuotaBytes: 10_000_000);
        var token = world.TokenOf(world.Owner(0));
        var first = Bytes(6_000_000, Seed);
        var second = Bytes(5_000_000, Seed + 1);
        using var stored = await PutAsync(world, Hash(first), first, token);

        using var response = await PutAsync(world, Hash(second), second, token);

        var problem = await ApiWorld.ProblemOf(response, 409);
        Assert.Equal("urn:edgecompute:problem:quota-exceeded", problem.GetProperty("type").GetString());
        Assert.Equal(10_000_000, problem.GetProperty("quotaBytes").GetInt64());
        Assert.Equal(6_000_000, problem.GetProperty("usedBytes").GetInt64());
        using var otherOwner = await PutAsync(world, Hash(second), second, world.TokenOf(world.Owner(1)));
        Assert.Equal(HttpStatusCode.Created, otherOwner.StatusCode); // the quota is per owner
    }

    [Fact]
    public async Task HEAD_and_GET_answer_404_for_a_blob_another_owner_holds_exactly_as_for_an_unknown_one()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var blob = Bytes(2_000, Seed);
        using var stored = await PutAsync(world, Hash(blob), blob, world.TokenOf(world.Owner(0)));
        var stranger = world.TokenOf(world.Owner(1));
        var unknown = Hash(Bytes(2_000, Seed + 1));

        using var mine = await world.SendAsync(HttpMethod.Head, $"/api/blobs/{Hash(blob)}", world.TokenOf(world.Owner(0)));
        using var theirs = await world.SendAsync(HttpMethod.Head, $"/api/blobs/{Hash(blob)}", stranger);
        using var nobodys = await world.SendAsync(HttpMethod.Head, $"/api/blobs/{unknown}", stranger);
        using var theirBytes = await GetAsync(world, $"/api/blobs/{Hash(blob)}", stranger);
        using var nobodysBytes = await GetAsync(world, $"/api/blobs/{unknown}", stranger);
        using var theirChunks = await GetAsync(world, $"/api/blobs/{Hash(blob)}/chunks", stranger);
        using var anonymous = await world.SendAsync(HttpMethod.Head, $"/api/blobs/{Hash(blob)}");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nobodys.StatusCode);
        var theirProblem = await ApiWorld.ProblemOf(theirBytes, 404);
        var nobodysProblem = await ApiWorld.ProblemOf(nobodysBytes, 404);
        Assert.Equal(theirProblem.GetProperty("detail").GetString()!.Replace(Hash(blob), "X", StringComparison.Ordinal),
            nobodysProblem.GetProperty("detail").GetString()!.Replace(unknown, "X", StringComparison.Ordinal));
        await ApiWorld.ProblemOf(theirChunks, 404);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task GET_serves_the_whole_blob_or_one_byte_range_and_416_for_ranges_it_cannot_satisfy()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var token = world.TokenOf(world.Owner(0));
        var blob = Bytes(2_500_000, Seed);
        var hash = Hash(blob);
        using var stored = await PutAsync(world, hash, blob, token);

        using var whole = await GetAsync(world, $"/api/blobs/{hash}", token);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(blob, await whole.Content.ReadAsByteArrayAsync(Ct));

        foreach (var (range, from, to) in new[] { ("bytes=1048576-2097151", 1_048_576, 2_097_151), ("bytes=2400000-", 2_400_000, 2_499_999),
                     ("bytes=-100", 2_499_900, 2_499_999), ("bytes=0-9999999", 0, 2_499_999) })
        {
            using var part = await GetAsync(world, $"/api/blobs/{hash}", token, range);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal($"bytes {from}-{to}/2500000", part.Content.Headers.ContentRange?.ToString());
            Assert.Equal(blob.AsSpan(from, to - from + 1).ToArray(), await part.Content.ReadAsByteArrayAsync(Ct));
        }

        foreach (var range in new[] { "bytes=2500000-", "bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=-0" })
        {
            using var bad = await GetAsync(world, $"/api/blobs/{hash}", token, range);
            var problem = await ApiWorld.ProblemOf(bad, 416);
            Assert.Equal("urn:edgecompute:problem:range-not-satisfiable", problem.GetProperty("type").GetString());
            Assert.Equal("bytes */2500000", bad.Content.Headers.ContentRange?.ToString());
        }
    }

    [Fact]
    public async Task The_chunk_list_has_one_SHA256_per_MiB_and_the_operator_may_read_it()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var blob = Bytes(2_100_000, Seed);
        var hash = Hash(blob);
        using var stored = await PutAsync(world, hash, blob, world.TokenOf(world.Owner(0)));

        using var response = await GetAsync(world, $"/api/blobs/{hash}/chunks", ApiWorld.OperatorToken);

        var chunks = await ApiWorld.JsonOf(response);
        Assert.Equal(1_048_576, chunks.GetProperty("chunkBytes").GetInt32());
        Assert.Equal(2_100_000, chunks.GetProperty("size").GetInt64());
        Assert.Equal([Hash(blob[..1_048_576]), Hash(blob[1_048_576..2_097_152]), Hash(blob[2_097_152..])],
            chunks.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!));
    }

    [Fact]
    public async Task An_upload_without_Content_Length_is_411()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var blob = Bytes(1_000, Seed);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/blobs/{Hash(blob)}") { Content = new StreamContent(new UnknownLength(blob)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenOf(world.Owner(0)));

        using var response = await world.Client.SendAsync(request, Ct);

        Assert.Equal("urn:edgecompute:problem:length-required", (await ApiWorld.ProblemOf(response, 411)).GetProperty("type").GetString());
        Assert.False(await world.Work.Blobs.HoldsAsync(world.Owner(0), Hash(blob), Ct));
    }

    [Fact]
    public async Task A_route_hash_that_is_not_64_lowercase_hex_is_400_naming_the_field()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);

        using var response = await PutAsync(world, new string('A', 64), [1, 2, 3], world.TokenOf(world.Owner(0)));

        Assert.Equal("sha256", (await ApiWorld.ProblemOf(response, 400)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Submitting_a_job_that_names_a_hash_the_submitter_does_not_hold_is_403_foreign_blob_naming_it()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10_000);
        var module = EdgeCompute.Coordinator.Tests.UseCases.WasmModules.Valid;
        var input = Bytes(100, Seed);
        using var mine = await PutAsync(world, Hash(module), module, world.TokenOf(owner));
        using var theirs = await PutAsync(world, Hash(input), input, world.TokenOf(world.Owner(1)));
        var body = JsonSerializer.Serialize(new
        {
            spec = new { kind = "wasm-map", moduleSha256 = Hash(module), inputSha256 = new[] { Hash(input) }, fuel = 100_000, memoryBytes = 65_536 },
            fee = 1_000,
        });

        using var response = await world.PostAsync("/api/jobs", body, world.TokenOf(owner));

        var problem = await ApiWorld.ProblemOf(response, 403);
        Assert.Equal("urn:edgecompute:problem:foreign-blob", problem.GetProperty("type").GetString());
        Assert.Equal(Hash(input), problem.GetProperty("sha256").GetString());
        Assert.Equal("spec.inputSha256[0]", problem.GetProperty("field").GetString());
        Assert.Empty(await world.Work.Store.ListJobsAsync(null, 0, 10, Ct));
    }

    [Fact]
    public async Task Submitting_a_malformed_hash_is_400_with_the_field()
    {
        await using var world = await ApiWorld.CreateAsync(Seed);
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10_000);
        var body = JsonSerializer.Serialize(new
        {
            spec = new { kind = "wasm-map", moduleSha256 = new string('a', 64), inputSha256 = new[] { "not-a-hash" }, fuel = 100_000, memoryBytes = 65_536 },
            fee = 1_000,
        });

        using var response = await world.PostAsync("/api/jobs", body, world.TokenOf(owner));

        Assert.Equal("spec.inputSha256[0]", (await ApiWorld.ProblemOf(response, 400)).GetProperty("field").GetString());
    }

    /// <summary>A body whose length is not known in advance (sent chunked).</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
