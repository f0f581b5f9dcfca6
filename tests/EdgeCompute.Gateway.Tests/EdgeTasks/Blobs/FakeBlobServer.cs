using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeCompute.Gateway.EdgeTasks.Blobs;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

/// <summary>
/// The coordinator's two blob endpoints as the contract states them (chunk list; whole blob or one Range), in memory,
/// with faults on demand: chunks served corrupted, a status for every request, a gate that holds chunk answers, a
/// cancellation fired when a given chunk is asked for. Counts every request.
/// </summary>
internal sealed class FakeBlobServer : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string[] Chunks)> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Hash, int Chunk), int> _corruptTimes = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<string> _puts = new();
    private readonly ConcurrentDictionary<string, byte[]> _stored = new(StringComparer.Ordinal);

    public const int ChunkBytes = 1024;

    public int ChunkSize { get; init; } = ChunkBytes;

    /// <summary>When set, every request answers this status (403, 404, 503 ...).</summary>
    public HttpStatusCode? Status { get; set; }

    /// <summary>When set, chunk answers wait for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Cancelled when chunk <see cref="CancelAtChunk"/> is asked for (simulates a gateway stopped mid-fetch).</summary>
    public CancellationTokenSource? CancelAt { get; set; }

    public int CancelAtChunk { get; set; } = -1;

    public string? LastAuthorization { get; private set; }

    /// <summary>The status every output upload (PUT) answers: 201 (the blob is stored) unless set; null answers nothing (the request fails).</summary>
    public HttpStatusCode? PutStatus { get; set; } = HttpStatusCode.Created;

    /// <summary>The uploads, in order: the URL's path and query.</summary>
    public IReadOnlyList<string> Puts => [.. _puts];

    /// <summary>The outputs stored by uploads, by hash.</summary>
    public IReadOnlyDictionary<string, byte[]> Stored => _stored;

    public IReadOnlyList<string> Log => [.. _log];

    public int ListRequests => _log.Count(l => l.StartsWith("list ", StringComparison.Ordinal));

    public int ChunkRequests(string hash) => _log.Count(l => l.StartsWith($"chunk {hash} ", StringComparison.Ordinal));

    public IEnumerable<int> ChunksAsked(string hash) =>
        _log.Where(l => l.StartsWith($"chunk {hash} ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Serves <paramref name="bytes"/> under their own SHA-256; returns the hash.</summary>
    public string Add(byte[] bytes) => AddAs(BlobHash.Of(bytes), bytes);

    /// <summary>Serves <paramref name="bytes"/> under any name, with the chunk hashes of the bytes.</summary>
    public string AddAs(string hash, byte[] bytes)
    {
        var chunks = bytes.Chunk(ChunkSize).Select(c => BlobHash.Of(c)).ToArray();
        _blobs[hash] = (bytes, chunks);
        return hash;
    }

    /// <summary>Chunk <paramref name="chunk"/> of <paramref name="hash"/> is served with a flipped byte the next <paramref name="times"/> times.</summary>
    public void Corrupt(string hash, int chunk, int times) => _corruptTimes[(hash, chunk)] = times;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastAuthorization = request.Headers.Authorization?.ToString();
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries); // api, blobs, hash[, chunks]
        var hash = segments.Length >= 3 ? segments[2] : string.Empty;
        if (request.Method == HttpMethod.Put)
        {
            _puts.Enqueue(request.RequestUri.PathAndQuery);
            if (PutStatus is not { } putStatus)
            {
                throw new HttpRequestException("connection refused (fake)");
            }

            if (putStatus == HttpStatusCode.Created)
            {
                _stored[hash] = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            }

            return new HttpResponseMessage(putStatus);
        }

        if (segments.Length == 4 && segments[3] == "chunks")
        {
            _log.Enqueue($"list {hash}");
            if (Status is { } listStatus)
            {
                return new HttpResponseMessage(listStatus);
            }

            if (!_blobs.TryGetValue(hash, out var listed))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var json = JsonSerializer.Serialize(new { sha256 = hash, size = listed.Bytes.Length, chunkBytes = ChunkSize, chunks = listed.Chunks });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }

        var range = request.Headers.Range?.Ranges.Single();
        var from = range?.From ?? 0;
        var index = (int)(from / ChunkSize);
        _log.Enqueue($"chunk {hash} {index}");
        if (index == CancelAtChunk && CancelAt is { } cancel)
        {
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Status is { } status)
        {
            return new HttpResponseMessage(status);
        }

        if (!_blobs.TryGetValue(hash, out var blob))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var to = Math.Min(range?.To ?? blob.Bytes.Length - 1, blob.Bytes.Length - 1);
        var body = blob.Bytes.AsSpan((int)from, (int)(to - from + 1)).ToArray();
        if (_corruptTimes.TryGetValue((hash, index), out var left) && left > 0)
        {
            _corruptTimes[(hash, index)] = left - 1;
            body[body.Length / 2] ^= 0x5a;
        }

        var response = new HttpResponseMessage(range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent) { Content = new ByteArrayContent(body) };
        if (range is not null)
        {
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, to, blob.Bytes.Length);
        }

        return response;
    }
}
