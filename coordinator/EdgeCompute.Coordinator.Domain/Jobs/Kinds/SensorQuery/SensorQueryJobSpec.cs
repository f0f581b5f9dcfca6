namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>
/// A data-local query (examples/sum-windows.md): the count-weighted mean of one channel over [<paramref name="FromMs"/>,
/// <paramref name="ToMs"/>) across the gateways of a region, one <c>wasm</c> task pinned to each gateway that holds
/// data there (the caller resolves <paramref name="GeohashPrefix"/> to gateways and hands them to the planner).
/// </summary>
/// <param name="Module">The query module's binary bytes (sum-windows or compatible: same input and 32-byte output).</param>
/// <param name="Channel">The channel name, 1 to 16 characters of <c>[a-z0-9-]</c>.</param>
/// <param name="GeohashPrefix">The region, 1 to 12 geohash characters.</param>
/// <param name="FromMs">Windows starting at or after this, ms since the Unix epoch.</param>
/// <param name="ToMs">Windows starting before this (above <paramref name="FromMs"/>).</param>
/// <param name="Fuel">The fuel budget of each task.</param>
/// <param name="MemoryBytes">The linear memory limit of each task (64 KiB to 4 GiB).</param>
public sealed record SensorQueryJobSpec(byte[] Module, string Channel, string GeohashPrefix, long FromMs, long ToMs, ulong Fuel, ulong MemoryBytes) : JobSpec
{
    /// <inheritdoc/>
    public override string Kind => SensorQueryJobKind.KindName;
}
