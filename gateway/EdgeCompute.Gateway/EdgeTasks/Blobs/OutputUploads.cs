using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// Task outputs too large for a batch item (above <see cref="InlineLimit"/>): each is written to
/// <c>outputs/&lt;task id&gt;~&lt;slot&gt;~&lt;fuel&gt;.out</c> in the blob folder, uploaded to the coordinator
/// (<see cref="BlobFetcher.PutOutputAsync"/>), and only once the coordinator answered that it holds the blob is its result
/// item (kind 7, the hash and size) queued and the file deleted. A transient failure (no answer, 408, 429, 5xx) is retried
/// with a doubling delay, <see cref="MaxAttempts"/> times; a file still there is taken up again at the next start
/// (<see cref="ResumeAsync"/>). A refusal (any other 4xx: the assignment is no longer open, the output too large, the
/// submitter's quota full) queues the result as status 6 (bad output) instead, with its fuel, so the task is answered.
/// </summary>
public sealed class OutputUploads
{
    /// <summary>The largest output that stays inline in its batch item (48 KiB), so a batch of results stays small.</summary>
    public const int InlineLimit = 48 * 1024;

    /// <summary>Upload attempts before a pending output waits for the next start.</summary>
    public const int MaxAttempts = 8;

    private const string Extension = ".out";
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    private readonly BlobFetcher _fetcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _uploaded;
    private long _refused;

    /// <summary>Creates the uploads over a fetcher's HTTP client and credentials (not owned).</summary>
    /// <param name="fetcher">Sends the uploads.</param>
    /// <param name="time">The clock of the retry delays.</param>
    /// <param name="logger">The log.</param>
    public OutputUploads(BlobFetcher fetcher, TimeProvider? time = null, ILogger? logger = null)
    {
        _fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Folder = Path.Combine(fetcher.Options.CacheFolder, "outputs");
    }

    /// <summary>Gets the folder of the pending outputs.</summary>
    public string Folder { get; }

    /// <summary>Gets how many outputs the coordinator stored.</summary>
    public long Uploaded => Interlocked.Read(ref _uploaded);

    /// <summary>Gets how many outputs the coordinator refused (queued as bad output).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Gets the pending output files.</summary>
    public IReadOnlyList<string> Pending => Directory.Exists(Folder) ? [.. Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal)] : [];

    /// <summary>Keeps an output on disk, uploads it, and queues its result item once the coordinator holds it.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="slot">The replica slot.</param>
    /// <param name="fuel">The fuel used.</param>
    /// <param name="output">The output, at most <see cref="GatewayTaskResultItem.MaxBlobOutputBytes"/> bytes.</param>
    /// <param name="queue">Queues a result item durably; true when stored.</param>
    /// <param name="cancellationToken">Stops the retries; the file stays for the next start.</param>
    /// <returns>Whether the result item was queued.</returns>
    public async Task<bool> SendAsync(string taskId, uint slot, ulong fuel, ReadOnlyMemory<byte> output, Func<GatewayTaskResultItem, Task<bool>> queue,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{taskId}~{slot}~{fuel}{Extension}"));
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, output, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return await DeliverAsync(path, queue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes up the outputs a previous run left pending, one after the other.</summary>
    /// <param name="queue">Queues a result item durably; true when stored.</param>
    /// <param name="cancellationToken">Stops; what is left stays for the next start.</param>
    /// <returns>How many were queued.</returns>
    public async Task<int> ResumeAsync(Func<GatewayTaskResultItem, Task<bool>> queue, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var path in Pending)
        {
            _logger.LogInformation("Output {File} was left pending by the last run; uploading it", Path.GetFileName(path));
            queued += await DeliverAsync(path, queue, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return queued;
    }

    private async Task<bool> DeliverAsync(string path, Func<GatewayTaskResultItem, Task<bool>> queue, CancellationToken cancellationToken)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('~');
        if (parts.Length != 3 || !uint.TryParse(parts[1], CultureInfo.InvariantCulture, out var slot) || !ulong.TryParse(parts[2], CultureInfo.InvariantCulture, out var fuel))
        {
            _logger.LogWarning("Pending output {File} is not named <task>~<slot>~<fuel>.out; deleted", Path.GetFileName(path));
            File.Delete(path);
            return false;
        }

        var taskId = parts[0];
        var output = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(output));
        var delay = _fetcher.Options.RetryDelay;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var status = await _fetcher.PutOutputAsync(sha256, taskId, slot, output, cancellationToken).ConfigureAwait(false);
            GatewayTaskResultItem? item = status switch
            {
                200 or 201 => new GatewayTaskResultItem(taskId, slot, GatewayTaskStatus.Ok, fuel, ReadOnlyMemory<byte>.Empty) { OutputBlob = new GatewayTaskOutputBlob(sha256, (ulong)output.Length) },
                null or 408 or 429 or >= 500 => null,
                _ => new GatewayTaskResultItem(taskId, slot, GatewayTaskStatus.BadOutput, fuel, ReadOnlyMemory<byte>.Empty),
            };
            if (item is not null)
            {
                if (!await queue(item).ConfigureAwait(false))
                {
                    return false; // the outbox refused it: the file stays for the next start
                }

                Interlocked.Increment(ref item.OutputBlob is null ? ref _refused : ref _uploaded);
                if (item.OutputBlob is null)
                {
                    _logger.LogWarning("Output of {TaskId}/{Slot} ({Bytes} bytes) refused by the coordinator ({Status}); reported as a bad output", taskId, slot, output.Length, status);
                }

                File.Delete(path);
                return true;
            }

            _logger.LogInformation("Output of {TaskId}/{Slot}: upload attempt {Attempt} failed ({Status}); retrying in {Delay}", taskId, slot, attempt, status?.ToString(CultureInfo.InvariantCulture) ?? "no answer", delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
        }

        _logger.LogWarning("Output of {TaskId}/{Slot}: not uploaded after {Attempts} attempts; kept for the next start", taskId, slot, MaxAttempts);
        return false;
    }
}
