namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>How a range is cut into chunks, shared by the kinds that split a range (check, plan, merge).</summary>
internal static class JobChunks
{
    /// <summary>⌈<paramref name="total"/> / <paramref name="chunk"/>⌉ without overflow; <paramref name="chunk"/> ≥ 1.</summary>
    public static ulong Count(ulong total, ulong chunk) => (total / chunk) + (total % chunk == 0 ? 0UL : 1UL);

    /// <summary>Chunk <paramref name="index"/> of [start, start + total): its first value and length.</summary>
    public static (ulong Start, ulong Length) At(ulong start, ulong total, ulong chunk, int index)
    {
        var offset = (ulong)index * chunk;
        return (start + offset, Math.Min(chunk, total - offset));
    }

    /// <summary>Checks a chunk size: 1 to <paramref name="max"/>.</summary>
    public static JobSpecCheck Check(string field, ulong chunk, ulong max, string what) =>
        chunk == 0 ? JobSpecCheck.Fail(field, $"{field} must be at least 1")
        : chunk > max ? JobSpecCheck.Fail(field, $"{field} must be at most {max} {what} per task, found {chunk}")
        : JobSpecCheck.Ok;
}
