namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>How a range is cut into chunks, shared by the validator, the planner and the merger.</summary>
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

    /// <summary>The number of tasks a kernel spec makes, or null when it depends on the region (sensor queries).</summary>
    /// <remarks>Call only on specs that passed the chunk-size checks (no chunk of 0).</remarks>
    public static ulong? TaskCount(JobSpec spec) => spec switch
    {
        PowJobSpec pow => Count(pow.NonceCount, pow.ChunkSize),
        MonteCarloPiJobSpec pi => Count(pi.Samples, pi.ChunkSamples),
        PrimesJobSpec primes => Count(primes.To - primes.From, primes.ChunkSize),
        WasmMapJobSpec map => (ulong)map.Inputs.Count,
        _ => null,
    };
}
