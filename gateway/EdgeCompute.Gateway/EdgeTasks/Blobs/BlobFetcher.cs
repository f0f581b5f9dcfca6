using System.Net.Http.Headers;
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
/// The steps of one fetch are in <see cref="BlobFetch"/>.
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

    internal BlobFetcherOptions Options => _options;

    internal HttpClient Http => _http;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    internal void CountList() => Interlocked.Increment(ref _listRequests);

    internal void CountChunk() => Interlocked.Increment(ref _chunkRequests);

    internal void CountRejected() => Interlocked.Increment(ref _chunksRejected);

    /// <summary>
    /// Uploads a task output: <c>PUT /api/blobs/{sha256}?task=ID&amp;slot=N</c> with the gateway's credentials, within the
    /// request timeout. Never throws for what the network or the coordinator does.
    /// </summary>
    /// <returns>The HTTP status, or null when no answer came (unreachable, timed out).</returns>
    internal async Task<int?> PutOutputAsync(string sha256, string taskId, uint slot, byte[] output, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/blobs/{sha256}?task={Uri.EscapeDataString(taskId)}&slot={slot}")
        {
            Content = new ByteArrayContent(output),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        try
        {
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            _logger.LogDebug(e, "Output {Sha256} of {TaskId}/{Slot}: the coordinator did not answer", sha256, taskId, slot);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
