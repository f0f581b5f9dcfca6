using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// The blobs tasks name by hash: read from the disk cache (modules in one, inputs in a smaller one), else fetched from
/// the coordinator once however many tasks wait for the same hash (they share the fetch), verified, and admitted to the
/// cache. Every read from disk is checked against the SHA-256 again before the bytes are used.
/// </summary>
public sealed class TaskBlobs : IDisposable
{
    private readonly BlobFetcher _fetcher;
    private readonly BlobCache _modules;
    private readonly BlobCache _inputs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Task<BlobRead>> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private long _fetches;

    /// <summary>Creates the blob source over a fetcher and two caches (none owned but the fetcher).</summary>
    /// <param name="fetcher">Fetches what the caches lack; disposed with this.</param>
    /// <param name="modules">The module cache.</param>
    /// <param name="inputs">The input cache.</param>
    /// <param name="logger">The log.</param>
    /// <param name="time">The clock fetches are timed on (for the log).</param>
    public TaskBlobs(BlobFetcher fetcher, BlobCache modules, BlobCache inputs, ILogger<TaskBlobs>? logger = null, TimeProvider? time = null)
    {
        _fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        _modules = modules ?? throw new ArgumentNullException(nameof(modules));
        _inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Outputs = new OutputUploads(fetcher, _time, _logger);
    }

    /// <summary>Gets the uploads of task outputs too large for a batch item (pending ones in <c>outputs/</c>).</summary>
    public OutputUploads Outputs { get; }

    /// <summary>How long a partial blob nobody finished is kept (deleted at the next start after it): one day.</summary>
    public static readonly TimeSpan PartialRetention = TimeSpan.FromDays(1);

    /// <summary>Gets how many fetches were started (shared ones count once).</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>Gets the module cache.</summary>
    public BlobCache Modules => _modules;

    /// <summary>Gets the input cache.</summary>
    public BlobCache Inputs => _inputs;

    /// <summary>
    /// Opens a gateway's blob caches (<c>modules/</c>, <c>inputs/</c> and <c>partial/</c> under <c>Wasm:BlobCacheFolder</c>,
    /// by default <c>blobs</c> in the data folder) and a fetcher from <paramref name="api"/> with the gateway's credentials.
    /// </summary>
    /// <param name="options">The gateway's settings (validated).</param>
    /// <param name="api">The coordinator's API address.</param>
    /// <param name="gateway">The gateway's file: its id and central-broker password.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Creates the logs.</param>
    /// <returns>The blob source.</returns>
    public static TaskBlobs Open(GatewayOptions options, Uri api, GatewayFile gateway, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(loggers);
        var wasm = options.Wasm;
        var folder = string.IsNullOrWhiteSpace(wasm.BlobCacheFolder) ? Path.Combine(options.DataFolder, "blobs") : wasm.BlobCacheFolder;
        var fetcher = new BlobFetcher(
            new BlobFetcherOptions(api, gateway.GatewayId, gateway.BrokerPassword, folder)
            {
                MaxConcurrentFetches = wasm.MaxConcurrentFetches,
                MaxChunkAttempts = wasm.FetchAttempts,
                RequestTimeout = wasm.FetchTimeout,
            },
            handler: null,
            time,
            loggers.CreateLogger<BlobFetcher>());
        fetcher.PrunePartials(PartialRetention);
        return new TaskBlobs(
            fetcher,
            new BlobCache(Path.Combine(folder, "modules"), wasm.ModuleCacheBytes, time),
            new BlobCache(Path.Combine(folder, "inputs"), wasm.InputCacheBytes, time),
            loggers.CreateLogger<TaskBlobs>(),
            time);
    }

    /// <summary>The largest blob of a use.</summary>
    /// <param name="use">Module or input.</param>
    /// <returns>The limit in bytes.</returns>
    public static int MaxBytes(BlobUse use) => use == BlobUse.Module ? BlobLimits.MaxModuleBytes : BlobLimits.MaxInputBytes;

    /// <summary>Gets a blob's verified bytes: from the cache, or from the one fetch of this hash (started or joined).</summary>
    /// <param name="hash">The blob's SHA-256, 64 lowercase hex characters.</param>
    /// <param name="size">The size the assignment announced.</param>
    /// <param name="use">Module or input: the cache and the size limit.</param>
    /// <param name="cancellationToken">Stops this caller's wait (a shared fetch goes on for the others).</param>
    /// <returns>The bytes, or the reason there are none.</returns>
    public async Task<BlobRead> GetAsync(string hash, long size, BlobUse use, CancellationToken cancellationToken = default)
    {
        if (!BlobHash.IsValid(hash))
        {
            return Fail(hash ?? string.Empty, BlobFetchReasonCode.BadChunkList, $"\"{hash}\" is not a SHA-256 in lowercase hex");
        }

        if (size < 0 || size > MaxBytes(use))
        {
            return Fail(hash, BlobFetchReasonCode.SizeMismatch, $"blob {hash}: {size} bytes is outside 0..{MaxBytes(use)} for a {use.ToString().ToLowerInvariant()}");
        }

        Task<BlobRead> shared;
        lock (_inFlight)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (!_inFlight.TryGetValue(hash, out shared!))
            {
                shared = LoadAsync(hash, size, use);
                _inFlight[hash] = shared;
            }
        }

        BlobRead read;
        try
        {
            read = await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(hash, BlobFetchReasonCode.Cancelled, $"blob {hash}: the task stopped waiting for it");
        }

        // Two assignments may announce different sizes for one hash; the bytes decide which one is wrong.
        return read.IsSuccess && read.Bytes.Length != size
            ? Fail(hash, BlobFetchReasonCode.SizeMismatch, $"blob {hash} has {read.Bytes.Length} bytes, the assignment says {size}")
            : read;
    }

    /// <summary>Cancels the fetches under way (their verified chunks stay on disk) and releases the fetcher.</summary>
    public void Dispose()
    {
        Task[] running;
        lock (_inFlight)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            running = [.. _inFlight.Values];
        }

        Task.WaitAll(running); // they end promptly: cancelled, and LoadAsync never faults
        _fetcher.Dispose();
        _stop.Dispose();
    }

    private async Task<BlobRead> LoadAsync(string hash, long size, BlobUse use)
    {
        await Task.Yield();
        try
        {
            if (await ReadCachedAsync(_modules, hash).ConfigureAwait(false) is { } module)
            {
                return module;
            }

            if (await ReadCachedAsync(_inputs, hash).ConfigureAwait(false) is { } input)
            {
                return input;
            }

            Interlocked.Increment(ref _fetches);
            var started = _time.GetTimestamp();
            var fetched = await _fetcher.FetchAsync(hash, size, _stop.Token).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                _logger.LogWarning("Blob {Hash} not fetched ({Reason}): {Message}", hash, fetched.ReasonCode, fetched.Message);
                return Fail(hash, fetched.ReasonCode, fetched.Message);
            }

            var bytes = await File.ReadAllBytesAsync(fetched.Path, _stop.Token).ConfigureAwait(false);
            (use == BlobUse.Module ? _modules : _inputs).Admit(hash, fetched.Path);
            var elapsed = _time.GetElapsedTime(started);
            _logger.LogInformation(
                "Blob {Hash} fetched: {Bytes} bytes in {Milliseconds:0} ms ({Rate:0.0} MB/s), {Fetched} chunks fetched, {Resumed} resumed from disk",
                hash, bytes.Length, elapsed.TotalMilliseconds, elapsed > TimeSpan.Zero ? bytes.Length / 1e6 / elapsed.TotalSeconds : 0, fetched.ChunksFetched, fetched.ChunksResumed);
            return BlobHash.Of(bytes) == hash
                ? new BlobRead(hash, BlobFetchReasonCode.Ok, bytes, FromCache: false, string.Empty)
                : Fail(hash, BlobFetchReasonCode.HashMismatch, $"blob {hash} changed on disk between its check and its read");
        }
        catch (OperationCanceledException)
        {
            return Fail(hash, BlobFetchReasonCode.Cancelled, $"blob {hash}: the gateway is stopping");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Blob {Hash}: the cache folder failed: {Message}", hash, e.Message);
            return Fail(hash, BlobFetchReasonCode.DiskError, $"blob {hash}: the cache folder failed: {e.Message}");
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight.Remove(hash);
            }
        }
    }

    private async Task<BlobRead?> ReadCachedAsync(BlobCache cache, string hash)
    {
        if (cache.TryUse(hash) is not { } path)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cache.Remove(hash);
            return null;
        }

        if (BlobHash.Of(bytes) == hash)
        {
            return new BlobRead(hash, BlobFetchReasonCode.Ok, bytes, FromCache: true, string.Empty);
        }

        _logger.LogWarning("Blob {Hash} in the cache ({Folder}) no longer matches its SHA-256; deleted, fetching it again", hash, cache.Folder);
        cache.Remove(hash);
        return null;
    }

    private static BlobRead Fail(string hash, BlobFetchReasonCode reason, string message) => new(hash, reason, ReadOnlyMemory<byte>.Empty, FromCache: false, message);
}
