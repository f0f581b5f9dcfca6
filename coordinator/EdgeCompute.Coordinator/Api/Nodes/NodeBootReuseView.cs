namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>A device's boots used twice (a re-flashed board that lost its boot counter, or a copied key), as the store counts them.</summary>
/// <param name="Boots">How many of its boots were used twice.</param>
/// <param name="FramesRefused">Frames refused because they collided with stored frames under such a boot.</param>
/// <param name="LastBoot">The highest reused boot, or 0 when none.</param>
/// <param name="LastSeen">When a batch last showed one, or null when none.</param>
public sealed record NodeBootReuseView(int Boots, long FramesRefused, uint LastBoot, DateTimeOffset? LastSeen);
