using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>One fetch of one blob by a <see cref="BlobFetcher"/>: the chunk list, the chunks on disk verified again, each missing chunk by <c>Range</c>, the whole hash.</summary>
internal sealed class BlobFetch(BlobFetcher fetcher, string hash, long expectedSize, CancellationToken cancellationToken)
{
    private readonly BlobFetcherOptions _options = fetcher.Options;
    private int _fetched;
    private int _resumed;
    private long _size;

    public async Task<BlobFetchResult> RunAsync()
    {
        var (list, failure) = await GetListAsync().ConfigureAwait(false);
        if (list is null)
        {
            return failure!;
        }

        if (list.Size != expectedSize)
        {
            return Fail(BlobFetchReasonCode.SizeMismatch, $"the coordinator lists {list.Size} bytes, the assignment {expectedSize}", list.Size);
        }

        _size = list.Size;
        Directory.CreateDirectory(_options.PartialFolder);
        var path = Path.Combine(_options.PartialFolder, hash);
        _resumed = PartialBlob.VerifyAndTrim(path, list);
        if (_resumed > 0)
        {
            fetcher.Logger.LogInformation("Blob {Hash}: resuming after {Chunks} verified chunks on disk of {Total}", hash, _resumed, list.Chunks.Count);
        }

        await using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
        {
            file.Seek(0, SeekOrigin.End);
            for (var index = _resumed; index < list.Chunks.Count; index++)
            {
                var (chunk, chunkFailure) = await GetChunkAsync(list, index).ConfigureAwait(false);
                if (chunk is null)
                {
                    return chunkFailure!;
                }

                await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true); // a verified chunk survives a power cut, so a restart resumes after it
                _fetched++;
            }
        }

        string whole;
        await using (var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
        {
            whole = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken).ConfigureAwait(false));
        }

        if (whole != hash)
        {
            File.Delete(path);
            return Fail(BlobFetchReasonCode.HashMismatch, $"every chunk matched its listed hash but the whole blob hashes to {whole}; the partial file was deleted", list.Size);
        }

        return new BlobFetchResult(hash, BlobFetchReasonCode.Ok, path, list.Size, _fetched, _resumed, string.Empty);
    }

    private async Task<(BlobChunkList? List, BlobFetchResult? Failure)> GetListAsync()
    {
        var problem = string.Empty;
        for (var attempt = 1; attempt <= _options.MaxChunkAttempts; attempt++)
        {
            fetcher.CountList();
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, fetcher.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                using var response = await fetcher.Http.GetAsync($"api/blobs/{hash}/chunks", linked.Token).ConfigureAwait(false);
                if (Refusal(response.StatusCode) is { } refused)
                {
                    return (null, refused);
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                    return BlobChunkList.TryParse(body, hash, out var list, out var bad)
                        ? (list, null)
                        : (null, Fail(BlobFetchReasonCode.BadChunkList, bad));
                }

                problem = $"the chunk list answered HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (Transient(e))
            {
                problem = $"the chunk list request failed: {e.Message}";
            }

            fetcher.Logger.LogDebug("Blob {Hash}: {Problem} (attempt {Attempt})", hash, problem, attempt);
            await PauseAsync(attempt).ConfigureAwait(false);
        }

        return (null, Fail(BlobFetchReasonCode.Unavailable, $"{problem}, {_options.MaxChunkAttempts} times"));
    }

    private async Task<(byte[]? Chunk, BlobFetchResult? Failure)> GetChunkAsync(BlobChunkList list, int index)
    {
        var offset = list.Offset(index);
        var length = list.Length(index);
        var problem = string.Empty;
        var corrupted = false;
        for (var attempt = 1; attempt <= _options.MaxChunkAttempts; attempt++)
        {
            fetcher.CountChunk();
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, fetcher.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/blobs/{hash}");
            request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
            try
            {
                using var response = await fetcher.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (Refusal(response.StatusCode) is { } refused)
                {
                    return (null, refused);
                }

                var whole = response.StatusCode == HttpStatusCode.OK && offset == 0 && length == list.Size;
                if (response.StatusCode == HttpStatusCode.PartialContent || whole)
                {
                    var chunk = await ReadExactlyAsync(response, length, linked.Token).ConfigureAwait(false);
                    if (chunk is not null && BlobHash.Of(chunk) == list.Chunks[index])
                    {
                        return (chunk, null);
                    }

                    corrupted = true;
                    fetcher.CountRejected();
                    problem = $"chunk {index} did not match its listed SHA-256";
                    fetcher.Logger.LogWarning("Blob {Hash}: chunk {Index} did not match its listed SHA-256 (attempt {Attempt} of {Attempts}); dropped", hash, index, attempt, _options.MaxChunkAttempts);
                    continue;
                }

                corrupted = false;
                problem = $"chunk {index} answered HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (Transient(e))
            {
                corrupted = false;
                problem = $"chunk {index} failed: {e.Message}";
            }

            fetcher.Logger.LogDebug("Blob {Hash}: {Problem} (attempt {Attempt})", hash, problem, attempt);
            await PauseAsync(attempt).ConfigureAwait(false);
        }

        return (null, corrupted
            ? Fail(BlobFetchReasonCode.ChunkCorrupted, $"{problem} on all {_options.MaxChunkAttempts} attempts", list.Size)
            : Fail(BlobFetchReasonCode.Unavailable, $"{problem}, {_options.MaxChunkAttempts} times", list.Size));
    }

    /// <summary>The body if it is exactly <paramref name="length"/> bytes; null when shorter or longer.</summary>
    private static async Task<byte[]?> ReadExactlyAsync(HttpResponseMessage response, int length, CancellationToken token)
    {
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[length];
            var read = await stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, token).ConfigureAwait(false);
            if (read != length)
            {
                return null;
            }

            var extra = new byte[1];
            return await stream.ReadAsync(extra, token).ConfigureAwait(false) == 0 ? buffer : null;
        }
    }

    private Task PauseAsync(int attempt) =>
        attempt < _options.MaxChunkAttempts && _options.RetryDelay > TimeSpan.Zero
            ? Task.Delay(_options.RetryDelay, fetcher.Time, cancellationToken)
            : Task.CompletedTask;

    private BlobFetchResult? Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => Fail(BlobFetchReasonCode.Forbidden, $"the coordinator refused this gateway (HTTP {(int)status}): no open assignment of this gateway names the hash, or the credentials are wrong"),
        HttpStatusCode.NotFound => Fail(BlobFetchReasonCode.NotFound, "the coordinator does not hold it (HTTP 404)"),
        _ => null,
    };

    private bool Transient(Exception e) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public BlobFetchResult Failed(BlobFetchReasonCode reason, string message) => Fail(reason, message, _size);

    private BlobFetchResult Fail(BlobFetchReasonCode reason, string message, long size = 0) =>
        BlobFetchResult.Failed(hash, reason, $"blob {hash}: {message}", size, _fetched, _resumed);
}
