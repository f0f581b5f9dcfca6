namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// A device boot that a stored batch showed to be used twice: its device announced it (birth) when a higher boot was
/// already stored, or frames under it collided with stored frames of the same (device, boot, seq) but other bytes. Only
/// the device key makes those frames, so it is a re-flashed board that lost its boot counter, or a copied key.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Boot">The boot used twice.</param>
/// <param name="FramesRefused">Frames of that boot this batch could not store (they collided with stored ones).</param>
/// <param name="IsNew">Whether the store heard of this (device, boot) for the first time with this batch.</param>
public sealed record BootReuseRecord(string DeviceId, uint Boot, long FramesRefused, bool IsNew);
