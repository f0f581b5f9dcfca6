namespace EdgeCompute.Protocol.Tasks;

/// <summary>The MCU kernels of docs/protocol.md ("Task assignment") and the rule for kernel names in general.</summary>
public static class KernelNames
{
    /// <summary>Proof-of-work nonce search: SHA-256(prefix || u64be(nonce)) with at least <c>difficulty</c> leading zero bits.</summary>
    public const string PowSha256 = "pow.sha256";

    /// <summary>Monte Carlo π with SplitMix64.</summary>
    public const string MonteCarloPi = "mc.pi";

    /// <summary>Segmented sieve prime count over a range.</summary>
    public const string PrimesCount = "primes.count";

    /// <summary>Integer summary of a vector (count, min, max, mean, var).</summary>
    public const string StatsWindow = "stats.window";

    /// <summary>
    /// A WebAssembly task for a gateway (empty coordinator-task target), params <see cref="WasmParameters"/>. Not one of
    /// <see cref="All"/>: devices do not run it (they answer status 3, unknown kernel).
    /// </summary>
    public const string Wasm = "wasm";

    /// <summary>
    /// A WebAssembly task for a gateway whose module and input are fetched by SHA-256 from the coordinator's blob store,
    /// params <see cref="WasmBlobParameters"/>. Issued only to gateways that list it in their birth's kernels.
    /// </summary>
    public const string WasmBlob = "wasm.blob";

    /// <summary>
    /// The rule this library applies to kernel names it does not know: <c>[a-z0-9.-]{1,32}</c>
    /// (the spec only says <c>tstr</c>; unknown kernels are legal so a device can answer status 3).
    /// </summary>
    public const string Rule = "[a-z0-9.-]{1,32}";

    /// <summary>The four kernels every device build knows.</summary>
    public static IReadOnlyList<string> All { get; } = [PowSha256, MonteCarloPi, PrimesCount, StatsWindow];

    /// <summary>Whether <paramref name="kernel"/> matches <see cref="Rule"/>.</summary>
    /// <param name="kernel">The candidate name.</param>
    /// <returns>Whether it is a well-formed kernel name.</returns>
    public static bool IsValid(string? kernel)
    {
        if (kernel is null || kernel.Length is 0 or > 32)
        {
            return false;
        }

        foreach (var c in kernel)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
