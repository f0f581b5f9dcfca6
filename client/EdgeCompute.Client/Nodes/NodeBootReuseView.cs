namespace EdgeCompute.Client.Nodes;

/// <summary>A device's boot counters used twice.</summary>
/// <param name="Boots">How many boots were used twice.</param>
/// <param name="FramesRefused">Frames refused under them.</param>
/// <param name="LastBoot">The highest reused boot, or 0.</param>
/// <param name="LastSeen">When a batch last showed one, or null.</param>
public sealed record NodeBootReuseView(int Boots, long FramesRefused, uint LastBoot, DateTimeOffset? LastSeen);
