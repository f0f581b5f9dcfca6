using System;

namespace EdgeCompute.Firmware.Kernels;

/// <summary>
/// What a kernel run produced. One instance is preallocated and reused for every run, so running a
/// kernel allocates nothing. Only the members of the kernel that ran are meaningful, and only when
/// <see cref="Status"/> is <see cref="KernelStatus.Ok"/>.
/// </summary>
public sealed class KernelOutput
{
    /// <summary>The largest number of integers any kernel reports.</summary>
    public const int MaxNumbers = 5;

    /// <summary>The run's status, one of <see cref="KernelStatus"/>.</summary>
    public int Status { get; set; }

    /// <summary>The ops used.</summary>
    public long Ops { get; set; }

    /// <summary>pow.sha256: whether a nonce with enough leading zero bits was found.</summary>
    public bool Found { get; set; }

    /// <summary>pow.sha256: the nonce found.</summary>
    public ulong Nonce { get; set; }

    /// <summary>pow.sha256: the digest of the nonce found, in its first <see cref="DigestLength"/> bytes.</summary>
    public byte[] Digest { get; } = new byte[32];

    /// <summary>pow.sha256: 32 when a nonce was found, otherwise 0.</summary>
    public int DigestLength { get; set; }

    /// <summary>
    /// The integer outputs, in the first <see cref="NumberCount"/> entries: mc.pi [inside, samples];
    /// primes.count [count]; stats.window [count, min, max, mean, var].
    /// </summary>
    public long[] Numbers { get; } = new long[MaxNumbers];

    /// <summary>How many entries of <see cref="Numbers"/> are set.</summary>
    public int NumberCount { get; set; }

    /// <summary>Forgets the previous run: status <see cref="KernelStatus.Ok"/>, no ops, no outputs.</summary>
    public void Clear()
    {
        Status = KernelStatus.Ok;
        Ops = 0;
        Found = false;
        Nonce = 0;
        Array.Clear(Digest, 0, Digest.Length);
        DigestLength = 0;
        Array.Clear(Numbers, 0, Numbers.Length);
        NumberCount = 0;
    }

    /// <summary>Records a run that produced no output: clears everything, then sets the status and ops.</summary>
    /// <param name="status">One of <see cref="KernelStatus"/>.</param>
    /// <param name="ops">The ops used before the run stopped.</param>
    public void Fail(int status, long ops)
    {
        Clear();
        Status = status;
        Ops = ops;
    }

    internal void SetNumbers(long first, long second)
    {
        Numbers[0] = first;
        Numbers[1] = second;
        NumberCount = 2;
    }
}
