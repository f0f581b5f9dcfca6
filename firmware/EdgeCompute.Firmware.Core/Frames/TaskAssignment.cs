using System;
using EdgeCompute.Firmware.Kernels.Crypto;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// A decoded task assignment (docs/protocol.md, task assignment), filled by <see cref="TaskAssignmentReader"/>.
/// Instances are reusable: the reader overwrites every field, and the parameter buffers are kept.
/// </summary>
/// <remarks>
/// Only the parameters of <see cref="Kernel"/> are meaningful. When the assignment is well-formed but its
/// parameters do not fit its kernel, <see cref="ParamsError"/> is not <c>CborError.None</c> and the runner
/// answers with status 2 (bad params); an unknown kernel is answered with status 3.
/// </remarks>
public sealed class TaskAssignment
{
    private int[]? _values;

    /// <summary>Gets the task id (key 1).</summary>
    public string TaskId { get; internal set; } = string.Empty;

    /// <summary>Gets the replica slot (key 2).</summary>
    public uint Slot { get; internal set; }

    /// <summary>Gets the id of the device that must run the task (key 3).</summary>
    public string DeviceId { get; internal set; } = string.Empty;

    /// <summary>Gets the kernel name (key 4); one of the <c>KernelNames</c> constants when known.</summary>
    public string Kernel { get; internal set; } = string.Empty;

    /// <summary>Gets whether <see cref="Kernel"/> is one this core runs.</summary>
    public bool KernelKnown { get; internal set; }

    /// <summary>Gets the <c>CborError</c> code that made the parameters unusable, or <c>CborError.None</c>.</summary>
    public int ParamsError { get; internal set; }

    /// <summary>Gets the op budget (key 6).</summary>
    public uint OpBudget { get; internal set; }

    /// <summary>Gets the deadline, ms since the Unix epoch (key 7).</summary>
    public ulong Deadline { get; internal set; }

    /// <summary>Gets the buffer the assignment was decoded from (as passed to the reader; not copied).</summary>
    public byte[]? Source { get; internal set; }

    /// <summary>Gets the offset of the assignment's first byte in <see cref="Source"/>.</summary>
    public int SourceOffset { get; internal set; }

    /// <summary>Gets the assignment's length in bytes.</summary>
    public int SourceLength { get; internal set; }

    /// <summary>Gets a 32-byte buffer for SHA-256 of the exact assignment bytes (filled by the caller).</summary>
    public byte[] AssignmentHash { get; } = new byte[Sha256.HashSize];

    /// <summary>Gets the <c>pow.sha256</c> prefix buffer (64 bytes; <see cref="PrefixLength"/> are used).</summary>
    public byte[] Prefix { get; } = new byte[ProtocolLimits.MaxPowPrefix];

    /// <summary>Gets the length of the <c>pow.sha256</c> prefix.</summary>
    public int PrefixLength { get; internal set; }

    /// <summary>Gets the first nonce of <c>pow.sha256</c>.</summary>
    public ulong NonceStart { get; internal set; }

    /// <summary>Gets how many nonces <c>pow.sha256</c> tries.</summary>
    public ulong NonceCount { get; internal set; }

    /// <summary>Gets the <c>pow.sha256</c> difficulty in leading zero bits.</summary>
    public int Difficulty { get; internal set; }

    /// <summary>Gets the <c>mc.pi</c> seed.</summary>
    public ulong Seed { get; internal set; }

    /// <summary>Gets the <c>mc.pi</c> sample count.</summary>
    public ulong Samples { get; internal set; }

    /// <summary>Gets the <c>primes.count</c> range start (inclusive).</summary>
    public ulong From { get; internal set; }

    /// <summary>Gets the <c>primes.count</c> range end (exclusive).</summary>
    public ulong To { get; internal set; }

    /// <summary>Gets the <c>stats.window</c> values buffer (allocated at the first such task); see <see cref="ValueCount"/>.</summary>
    public int[]? Values
    {
        get { return _values; }
    }

    /// <summary>Gets how many <c>stats.window</c> values are used.</summary>
    public int ValueCount { get; internal set; }

    /// <summary>Resets every field except the reusable buffers.</summary>
    public void Clear()
    {
        TaskId = string.Empty;
        Slot = 0;
        DeviceId = string.Empty;
        Kernel = string.Empty;
        KernelKnown = false;
        ParamsError = 0;
        OpBudget = 0;
        Deadline = 0;
        Source = null;
        SourceOffset = 0;
        SourceLength = 0;
        Array.Clear(AssignmentHash, 0, AssignmentHash.Length);
        PrefixLength = 0;
        NonceStart = 0;
        NonceCount = 0;
        Difficulty = 0;
        Seed = 0;
        Samples = 0;
        From = 0;
        To = 0;
        ValueCount = 0;
    }

    // Values of one assignment never exceed its byte size (one byte per value at least).
    internal int[] ValueBuffer()
    {
        if (_values == null)
        {
            _values = new int[ProtocolLimits.MaxAssignment];
        }

        return _values;
    }
}
