namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>What the store knows of one device's reused boots (see <see cref="BootReuseRecord"/>).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Boots">How many of its boots were used twice.</param>
/// <param name="FramesRefused">Frames refused because they collided under a reused boot.</param>
/// <param name="LastBoot">The highest of those boots.</param>
/// <param name="LastSeenMs">When a batch last showed one, ms since the epoch.</param>
public sealed record DeviceBootReuse(string DeviceId, int Boots, long FramesRefused, uint LastBoot, long LastSeenMs);
