using System.Globalization;

namespace EdgeCompute.Firmware.Simulator.Reporting;

/// <summary>
/// One CSV line per telemetry frame the broker acknowledged — <c>device,boot,seq,window_end_ms,sealed_ms,acked_ms</c> (ms
/// since the epoch; <c>sealed_ms</c> empty when unknown) — so a load harness can split a reading's way to the coordinator
/// into hops: from its window's end to the step that sealed it (the simulator's own delay: thousands of devices share its
/// cores, where each board seals on its own), to the gateway's PUBACK (which the gateway sends after its durable commit),
/// and from there on by joining the coordinator's store on <c>(device, boot, seq)</c>. Safe to call from every device's
/// publishing at once.
/// </summary>
public sealed class FrameAckLog : IDisposable
{
    /// <summary>The first line of the file.</summary>
    public const string Header = "device,boot,seq,window_end_ms,sealed_ms,acked_ms";

    private readonly TextWriter _writer;
    private readonly Lock _gate = new();
    private long _frames;

    /// <summary>Starts a log on <paramref name="writer"/> (which it owns) with its header line.</summary>
    /// <param name="writer">Where the lines go.</param>
    public FrameAckLog(TextWriter writer)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _writer.WriteLine(Header);
    }

    /// <summary>Gets how many frames were logged.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Gets why the log stopped (a write failed, e.g. a full disk), or null while it is whole.</summary>
    public string? Failure { get; private set; }

    /// <summary>Logs one acknowledged frame.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="boot">The frame's boot.</param>
    /// <param name="seq">The frame's seq.</param>
    /// <param name="windowEndMs">When its window ended (the device seals it then), ms since the epoch.</param>
    /// <param name="sealedMs">When the simulator's step sealed it, ms since the epoch; null when unknown.</param>
    /// <param name="ackedMs">When the PUBACK came, ms since the epoch.</param>
    public void Record(string deviceId, uint boot, uint seq, long windowEndMs, long? sealedMs, long ackedMs)
    {
        lock (_gate)
        {
            if (Failure is not null)
            {
                return;
            }

            try
            {
                _writer.Write(deviceId);
                _writer.Write(',');
                _writer.Write(boot.ToString(CultureInfo.InvariantCulture));
                _writer.Write(',');
                _writer.Write(seq.ToString(CultureInfo.InvariantCulture));
                _writer.Write(',');
                _writer.Write(windowEndMs.ToString(CultureInfo.InvariantCulture));
                _writer.Write(',');
                _writer.Write(sealedMs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                _writer.Write(',');
                _writer.WriteLine(ackedMs.ToString(CultureInfo.InvariantCulture));
            }
            catch (IOException e)
            {
                // The frame was acknowledged all the same: a failing log must not make the device send it again.
                Failure = e.Message;
                return;
            }
        }

        Interlocked.Increment(ref _frames);
    }

    /// <summary>Flushes and closes the writer; a failure to flush is kept in <see cref="Failure"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _writer.Dispose();
            }
            catch (IOException e)
            {
                Failure ??= e.Message;
            }
        }
    }
}
