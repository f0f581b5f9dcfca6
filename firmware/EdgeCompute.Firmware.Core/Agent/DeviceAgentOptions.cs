using System;
using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>Settings of a <see cref="DeviceAgent"/>; checked by <see cref="Validate"/> when the agent is built.</summary>
public sealed class DeviceAgentOptions
{
    /// <summary>The smallest ring accepted: one frame of the largest device payload and its record header.</summary>
    public const int MinRingCapacityBytes = ProtocolLimits.MaxDevicePayload + FrameRing.RecordHeaderSize;

    /// <summary>The longest window accepted (one day).</summary>
    public const int MaxWindowLengthMs = 86400000;

    /// <summary>Gets or sets the device id, <c>[a-z0-9-]{1,32}</c>.</summary>
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the device's topics when the caller has built them already (its link needs them too); built from
    /// <see cref="DeviceId"/> when null.
    /// </summary>
    public DeviceTopics? Topics { get; set; }

    /// <summary>Gets or sets the 32-byte device key (copied by the agent).</summary>
    public byte[]? Key { get; set; }

    /// <summary>Gets or sets the milliseconds between samples of every channel (default 1000).</summary>
    public int SampleIntervalMs { get; set; } = 1000;

    /// <summary>Gets or sets the window length in ms (default 60000); windows are aligned to multiples of it.</summary>
    public int WindowLengthMs { get; set; } = 60000;

    /// <summary>Gets or sets whether telemetry is sent as raw samples (type 2) instead of window summaries (type 1).</summary>
    public bool RawSamples { get; set; }

    /// <summary>Gets or sets the store-and-forward ring size in bytes (default 16384).</summary>
    public int RingCapacityBytes { get; set; } = 16384;

    /// <summary>
    /// Gets or sets the bytes the ring allocates at first (default 0: all of <see cref="RingCapacityBytes"/>, as a board
    /// preallocates it). A smaller ring array grows when a frame does not fit, up to the capacity; what is kept and
    /// evicted is the same.
    /// </summary>
    public int RingInitialBytes { get; set; }

    /// <summary>Gets or sets how many task assignments may wait (default 2).</summary>
    public int TaskQueueCapacity { get; set; } = 2;

    /// <summary>Gets or sets the platform name reported in the birth (<c>esp32</c>, <c>sim</c>, ...).</summary>
    public string Platform { get; set; } = "esp32";

    /// <summary>Gets or sets the RAM in bytes reported in the birth.</summary>
    public long RamBytes { get; set; }

    /// <summary>Gets or sets the CPU clock in MHz reported in the birth.</summary>
    public int CpuMhz { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (!IdRules.IsValidId(DeviceId))
        {
            throw new ArgumentException("DeviceAgentOptions.DeviceId must match [a-z0-9-]{1,32}");
        }

        if (Topics != null && Topics.DeviceId != DeviceId)
        {
            throw new ArgumentException("DeviceAgentOptions.Topics must be the topics of DeviceId");
        }

        if (Key == null || Key.Length != 32)
        {
            throw new ArgumentException("DeviceAgentOptions.Key must be 32 bytes");
        }

        if (SampleIntervalMs < 1)
        {
            throw new ArgumentException("DeviceAgentOptions.SampleIntervalMs must be at least 1");
        }

        if (WindowLengthMs < SampleIntervalMs || WindowLengthMs > MaxWindowLengthMs)
        {
            throw new ArgumentException("DeviceAgentOptions.WindowLengthMs must be SampleIntervalMs..86400000");
        }

        if (RingCapacityBytes < MinRingCapacityBytes)
        {
            throw new ArgumentException("DeviceAgentOptions.RingCapacityBytes must be at least 4105");
        }

        if (RingInitialBytes != 0 && (RingInitialBytes <= FrameRing.RecordHeaderSize || RingInitialBytes > RingCapacityBytes))
        {
            throw new ArgumentException("DeviceAgentOptions.RingInitialBytes must be 0 or 10..RingCapacityBytes");
        }

        if (TaskQueueCapacity < 1 || TaskQueueCapacity > 16)
        {
            throw new ArgumentException("DeviceAgentOptions.TaskQueueCapacity must be 1..16");
        }

        if (Platform == null || Platform.Length < 1 || !IdRules.IsPrintableAscii(Platform, ProtocolLimits.MaxText))
        {
            throw new ArgumentException("DeviceAgentOptions.Platform must be 1..64 printable ASCII chars");
        }

        if (RamBytes < 0)
        {
            throw new ArgumentException("DeviceAgentOptions.RamBytes must not be negative");
        }

        if (CpuMhz < 0)
        {
            throw new ArgumentException("DeviceAgentOptions.CpuMhz must not be negative");
        }
    }
}
