using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.Ingest;

/// <summary>
/// Checks one message a device published and appends it durably to the outbox. Frames are decoded and checked (topic
/// id = frame id, the type belongs on the topic, the body decodes) and kept byte for byte; the MAC is the
/// coordinator's to verify. A <c>state</c> payload becomes a device state item (batch item kind 3).
/// </summary>
public sealed class FrameIngest
{
    private readonly OutboxStore _outbox;
    private readonly int _maxPayloadBytes;
    private readonly ILogger _logger;
    private readonly IStoredFrameObserver? _observer;
    private readonly TimeProvider _time;
    private long _refusedQuietly = -1; // transient refusals since the first one was logged; -1 while the outbox takes frames

    /// <summary>Creates the ingest over an outbox.</summary>
    /// <param name="outbox">The durable outbox.</param>
    /// <param name="maxPayloadBytes">The largest payload accepted (at most the protocol's device payload limit).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="observer">Hears of each frame and state newly stored (the local data store feed, the bridges); null for none.</param>
    /// <param name="time">The clock of <see cref="FrameStored"/>'s timings; the system's when null.</param>
    public FrameIngest(
        OutboxStore outbox, int maxPayloadBytes = ProtocolLimits.MaxDevicePayloadBytes, ILogger<FrameIngest>? logger = null, IStoredFrameObserver? observer = null, TimeProvider? time = null)
    {
        _observer = observer;
        _time = time ?? TimeProvider.System;
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _maxPayloadBytes = Math.Min(maxPayloadBytes, ProtocolLimits.MaxDevicePayloadBytes);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the count of every outcome.</summary>
    public OutcomeCounter<IngestOutcome> Outcomes { get; } = new();

    /// <summary>
    /// Raised after each frame newly stored, once its outbox commit is durable (when the device's PUBACK may go): how long
    /// its ingest took, from the frame's decode to that commit (the wait for the group commit included), and for a window
    /// summary how long after its window's end the commit came (the window's age at the gateway: the device's sealing and
    /// sending, and this ingest). Handlers run on the ingest path: keep them short (a histogram's record).
    /// </summary>
    public event Action<TimeSpan, TimeSpan?>? FrameStored;

    /// <summary>Checks and stores one message; completes only after the outbox commit when it is stored.</summary>
    /// <param name="deviceId">The authenticated device that published it.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload, kept unchanged.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The outcome; <see cref="IngestResult.IsDurable"/> says whether to acknowledge.</returns>
    public async Task<IngestResult> IngestAsync(string deviceId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var result = await CheckAndStoreAsync(deviceId, topic, payload, cancellationToken).ConfigureAwait(false);
        Outcomes.Increment(result.Outcome);
        if (result.IsTransient)
        {
            // The outbox cannot take frames for a while (disk or budget full, commits failing): said once, then counted, so
            // devices sending again and again do not flood the log.
            if (Interlocked.Increment(ref _refusedQuietly) == 0)
            {
                _logger.LogWarning("Device {DeviceId} message on {Topic} not stored: {Outcome} {Detail}; further refusals are counted, not logged, until the outbox takes frames again",
                    deviceId, topic, result.Outcome, result.Detail);
            }
        }
        else if (!result.IsDurable)
        {
            _logger.LogWarning("Device {DeviceId} message on {Topic} not stored: {Outcome} {Detail}", deviceId, topic, result.Outcome, result.Detail);
        }
        else if (Interlocked.Exchange(ref _refusedQuietly, -1) is > 0 and var quiet)
        {
            _logger.LogInformation("The outbox takes device messages again ({Refused} more refused meanwhile)", quiet);
        }

        return result;
    }

    private async Task<IngestResult> CheckAndStoreAsync(string deviceId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length > _maxPayloadBytes)
        {
            return new(IngestOutcome.PayloadTooLarge, $"{payload.Length} bytes, limit {_maxPayloadBytes}");
        }

        if (!ProtocolTopics.TryParse(topic, out var address) || address.Role != TopicRole.Device || address.DeviceKind is not { } kind)
        {
            return new(IngestOutcome.BadTopic, topic);
        }

        if (address.Id != deviceId)
        {
            return new(IngestOutcome.NotOwnTopic, $"topic names {address.Id}");
        }

        try
        {
            var result = kind switch
            {
                DeviceTopicKind.State => await StoreStateAsync(deviceId, payload, cancellationToken).ConfigureAwait(false),
                DeviceTopicKind.Task => new(IngestOutcome.KindNotAllowed, "devices do not publish tasks"),
                _ => await StoreFrameAsync(address.Id, kind, payload, cancellationToken).ConfigureAwait(false),
            };
            return result with { Kind = kind };
        }
        catch (Exception e) when (e is TimeoutException or SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            return new(IngestOutcome.OutboxUnavailable, e.Message) { Kind = kind };
        }
    }

    /// <summary>
    /// Stores that a device left the broker (a clean DISCONNECT sends no will, and a device need not say goodbye), as an
    /// offline state item for the coordinator, so it stops placing work on the device within one batch age.
    /// </summary>
    /// <param name="deviceId">The device that disconnected.</param>
    /// <param name="cancellationToken">Cancels the wait for the outbox.</param>
    /// <returns>Stored, or why not (the outbox full or gone; a leaving device is not worth failing anything).</returns>
    public async Task<IngestResult> StoreDisconnectAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        try
        {
            var appended = await _outbox.AppendStateAsync(deviceId, online: false, cancellationToken).ConfigureAwait(false);
            if (appended.Outcome == AppendOutcome.Stored)
            {
                _observer?.OnStateStored(deviceId, false);
            }

            return From(appended);
        }
        catch (Exception e) when (e is TimeoutException or SqliteException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            return new(IngestOutcome.OutboxUnavailable, e.Message);
        }
    }

    private async Task<IngestResult> StoreStateAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var state = StatePayload.Decode(payload);
        if (!state.IsSuccess)
        {
            return new(IngestOutcome.Malformed, state.Error!.ToString());
        }

        var online = state.Value == ConnectionState.Online;
        var appended = await _outbox.AppendStateAsync(deviceId, online, cancellationToken).ConfigureAwait(false);
        if (appended.Outcome == AppendOutcome.Stored)
        {
            _observer?.OnStateStored(deviceId, online);
        }

        return From(appended);
    }

    private async Task<IngestResult> StoreFrameAsync(string topicId, DeviceTopicKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var started = FrameStored is null ? 0 : _time.GetTimestamp();
        var decoded = DeviceFrameCodec.Decode(payload);
        if (!decoded.TryGetValue(out var frame))
        {
            return new(IngestOutcome.Malformed, decoded.Error!.ToString());
        }

        if (frame.DeviceId != topicId)
        {
            return new(IngestOutcome.IdMismatch, $"frame names {frame.DeviceId}");
        }

        var fits = kind switch
        {
            DeviceTopicKind.Tel => frame.Type is FrameType.WindowSummary or FrameType.RawSamples,
            DeviceTopicKind.Res => frame.Type == FrameType.Result,
            DeviceTopicKind.Birth => frame.Type == FrameType.Birth,
            _ => false,
        };
        if (!fits)
        {
            return new(IngestOutcome.TypeMismatch, $"frame type {frame.Type} on {kind}");
        }

        // A window summary is decoded once here: its readings are counted from it and the observers (the local store) get it.
        WindowSummary? summary = null;
        long readings;
        if (frame.Type == FrameType.WindowSummary)
        {
            var decodedSummary = WindowSummaryCodec.Decode(frame.Body);
            if (!decodedSummary.TryGetValue(out summary))
            {
                return new(IngestOutcome.Malformed, decodedSummary.Error!.ToString());
            }

            readings = TelemetryReadings.Count(summary);
        }
        else
        {
            var counted = TelemetryReadings.Count(frame.Type, frame.Body);
            if (!counted.IsSuccess)
            {
                return new(IngestOutcome.Malformed, counted.Error!.ToString());
            }

            readings = counted.Value;
        }

        var appended = await _outbox.AppendFrameAsync(frame, payload, readings, cancellationToken).ConfigureAwait(false);
        if (appended.Outcome == AppendOutcome.Stored)
        {
            _observer?.OnStored(frame, summary);
            if (FrameStored is { } stored && started != 0)
            {
                var age = summary is null
                    ? (TimeSpan?)null
                    : TimeSpan.FromMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds() - (summary.WindowStartMs + summary.WindowLengthMs));
                stored(_time.GetElapsedTime(started), age);
            }
        }

        return From(appended);
    }

    private static IngestResult From(AppendResult appended) => appended.Outcome switch
    {
        AppendOutcome.Stored => new(IngestOutcome.Stored),
        AppendOutcome.Duplicate => new(IngestOutcome.Duplicate),
        AppendOutcome.Conflict => new(IngestOutcome.Conflict, "same device, boot and seq with different bytes"),
        AppendOutcome.DiskFull => new(IngestOutcome.DiskFull, "the disk under the outbox is full"),
        _ => new(IngestOutcome.OutboxFull, "nothing left to evict"),
    };
}
