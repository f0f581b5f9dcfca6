using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// Fetches blobs by SHA-256 from the coordinator's API (docs/protocol.md, "Blob transport"): the chunk list, then each
/// missing chunk with a <c>Range</c> request, one chunk in flight per fetch and at most
/// <see cref="BlobFetcherOptions.MaxConcurrentFetches"/> fetches at once. Each chunk is checked against its listed
/// SHA-256 before it is appended to <c>partial/&lt;sha256&gt;</c> (a bad one is dropped and asked for again, at most
/// <see cref="BlobFetcherOptions.MaxChunkAttempts"/> times); the chunks already on disk are verified again first, so a
/// gateway restarted mid-fetch resumes after the last good chunk. The whole blob's SHA-256 is checked at the end; a
/// mismatch deletes the partial file.
/// </summary>
/// <remarks>
/// A fetcher does not merge concurrent fetches of one hash: its caller (<see cref="TaskBlobs"/>) makes one fetch per hash
/// and shares it between the tasks that wait for it. Every request carries <c>Authorization: Gateway id:password</c>.
/// </remarks>
public sealed class BlobFetcher : IDisposable
{
    private readonly BlobFetcherOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _listRequests;
    private long _chunkRequests;
    private long _chunksRejected;

    /// <summary>Creates a fetcher with one HTTP client for all its fetches.</summary>
    /// <param name="options">The coordinator's address, the credentials and the cache folder.</param>
    /// <param name="handler">The HTTP handler (owned by the caller); a pooled <see cref="SocketsHttpHandler"/> when null.</param>
    /// <param name="time">The clock of request timeouts and retry delays.</param>
    /// <param name="logger">The log.</param>
    public BlobFetcher(BlobFetcherOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null, ILogger<BlobFetcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.CoordinatorApi.IsAbsoluteUri || options.CoordinatorApi.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"the coordinator API must be an absolute http or https URL, found \"{options.CoordinatorApi}\"", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentFetches, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChunkAttempts, 1, nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(options.MaxConcurrentFetches, options.MaxConcurrentFetches);
        var baseAddress = options.CoordinatorApi.AbsoluteUri.EndsWith('/') ? options.CoordinatorApi : new Uri(options.CoordinatorApi.AbsoluteUri + "/");
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = options.RequestTimeout }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseAddress;
        _http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own timeout on the injected clock
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Gateway", $"{options.GatewayId}:{options.BrokerPassword}");
    }

    /// <summary>Gets how many chunk lists were asked for.</summary>
    public long ListRequests => Interlocked.Read(ref _listRequests);

    /// <summary>Gets how many chunks were asked for (every attempt counts).</summary>
    public long ChunkRequests => Interlocked.Read(ref _chunkRequests);

    /// <summary>Gets how many chunks were dropped because they did not match their listed hash.</summary>
    public long ChunksRejected => Interlocked.Read(ref _chunksRejected);

    /// <summary>
    /// Fetches a blob into <c>partial/&lt;sha256&gt;</c> and verifies it; waits for a free slot first. Never throws for what
    /// the network, the coordinator or the disk does: every failure is a result with its reason code.
    /// </summary>
    /// <param name="hash">The blob's SHA-256, 64 lowercase hex characters.</param>
    /// <param name="expectedSize">The size the assignment announced; the chunk list must say the same.</param>
    /// <param name="cancellationToken">Stops the fetch; what was verified stays on disk for the next one.</param>
    /// <returns>The verified file, or why there is none.</returns>
    public async Task<BlobFetchResult> FetchAsync(string hash, long expectedSize, CancellationToken cancellationToken = default)
    {
        if (!BlobHash.IsValid(hash))
        {
            throw new ArgumentException($"\"{hash}\" is not a SHA-256 in lowercase hex", nameof(hash));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(expectedSize);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return BlobFetchResult.Failed(hash, BlobFetchReasonCode.Cancelled, $"blob {hash}: the fetch was cancelled before it started");
        }

        var fetch = new BlobFetch(this, hash, expectedSize, cancellationToken);
        try
        {
            return await fetch.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return fetch.Failed(BlobFetchReasonCode.Cancelled, "the fetch was cancelled; the verified chunks stay on disk");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fetch.Failed(BlobFetchReasonCode.DiskError, $"the cache folder refused the write: {e.Message}");
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Deletes partial blobs not written for <paramref name="age"/> (fetches no assignment asked to finish), so abandoned
    /// fetches do not fill the disk. Run at start, before any fetch.
    /// </summary>
    /// <param name="age">How long a partial blob may sit untouched.</param>
    /// <returns>How many were deleted.</returns>
    public int PrunePartials(TimeSpan age)
    {
        if (!Directory.Exists(_options.PartialFolder))
        {
            return 0;
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - age;
        var deleted = 0;
        foreach (var file in new DirectoryInfo(_options.PartialFolder).EnumerateFiles().Where(f => f.LastWriteTimeUtc < cutoff))
        {
            try
            {
                file.Delete();
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogDebug(e, "Partial blob {File} could not be deleted", file.FullName);
            }
        }

        return deleted;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    /// <summary>One fetch of one blob: its state between the steps.</summary>
    private sealed class BlobFetch(BlobFetcher fetcher, string hash, long expectedSize, CancellationToken cancellationToken)
    {
        private readonly BlobFetcherOptions _options = fetcher._options;
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
                fetcher._logger.LogInformation("Blob {Hash}: resuming after {Chunks} verified chunks on disk of {Total}", hash, _resumed, list.Chunks.Count);
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
                Interlocked.Increment(ref fetcher._listRequests);
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, fetcher._time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                try
                {
                    using var response = await fetcher._http.GetAsync($"api/blobs/{hash}/chunks", linked.Token).ConfigureAwait(false);
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

                fetcher._logger.LogDebug("Blob {Hash}: {Problem} (attempt {Attempt})", hash, problem, attempt);
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
                Interlocked.Increment(ref fetcher._chunkRequests);
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, fetcher._time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/blobs/{hash}");
                request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
                try
                {
                    using var response = await fetcher._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
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
                        Interlocked.Increment(ref fetcher._chunksRejected);
                        problem = $"chunk {index} did not match its listed SHA-256";
                        fetcher._logger.LogWarning("Blob {Hash}: chunk {Index} did not match its listed SHA-256 (attempt {Attempt} of {Attempts}); dropped", hash, index, attempt, _options.MaxChunkAttempts);
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

                fetcher._logger.LogDebug("Blob {Hash}: {Problem} (attempt {Attempt})", hash, problem, attempt);
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
                ? Task.Delay(_options.RetryDelay, fetcher._time, cancellationToken)
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
}
