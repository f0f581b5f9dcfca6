using System.Globalization;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>Linux resources from <c>/proc/stat</c> and <c>/proc/meminfo</c>; reports 0 for what it cannot read.</summary>
public sealed class ProcResources : IGatewayResources
{
    private long _lastIdle;
    private long _lastTotal;

    /// <inheritdoc/>
    public uint Cores => (uint)Environment.ProcessorCount;

    /// <inheritdoc/>
    public ulong MemoryBytes => MemInfo("MemTotal:") is { } total ? total : (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <inheritdoc/>
    public (uint IdleCpuPermille, ulong FreeMemoryBytes) Read()
    {
        uint idlePermille = 0;
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Sum();
            var (dIdle, dTotal) = (idle - _lastIdle, total - _lastTotal);
            (_lastIdle, _lastTotal) = (idle, total);
            idlePermille = dTotal > 0 ? (uint)Math.Clamp(dIdle * 1000 / dTotal, 0, 1000) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            // Not Linux, or an unexpected format: report no idle CPU rather than fail the uplink.
        }

        return (idlePermille, MemInfo("MemAvailable:") ?? 0);
    }

    private static ulong? MemInfo(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kib is null ? null : ulong.Parse(kib, CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
