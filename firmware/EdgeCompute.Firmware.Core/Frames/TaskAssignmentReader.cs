using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Strict decoder of task assignments: a map with keys 1 to 7, all present, ascending, each once; ids by the
/// id rules; nothing after the map; at most <see cref="ProtocolLimits.MaxAssignment"/> bytes.
/// </summary>
/// <remarks>
/// Returns a <see cref="CborError"/> code and never throws on bad input. Parameters are checked against their
/// kernel: well-formed parameters that break the kernel's shape or limits do not fail the read but set
/// <see cref="TaskAssignment.ParamsError"/>, so the device can answer with status 2 (bad params). Not thread-safe.
/// </remarks>
public sealed class TaskAssignmentReader
{
    private readonly CborDecoder _decoder = new CborDecoder(ProtocolLimits.MaxDepth);

    /// <summary>Decodes <paramref name="count"/> bytes of <paramref name="data"/> into <paramref name="assignment"/>.</summary>
    /// <param name="data">The buffer holding the assignment bytes.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="count">The assignment's length.</param>
    /// <param name="assignment">The instance to fill (cleared first).</param>
    /// <returns><see cref="CborError.None"/>, or the first error found.</returns>
    public int Read(byte[] data, int offset, int count, TaskAssignment assignment)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (assignment == null)
        {
            throw new ArgumentNullException(nameof(assignment));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "offset/count outside data");
        }

        assignment.Clear();
        if (count > ProtocolLimits.MaxAssignment)
        {
            return CborError.TooLarge;
        }

        var d = _decoder;
        d.Reset(data, offset, count);
        var error = d.ReadMapHeader(out var pairs);
        if (error != CborError.None)
        {
            return error;
        }

        if (pairs < 7)
        {
            return CborError.MissingKey;
        }

        if (pairs > 7)
        {
            return CborError.UnexpectedKey;
        }

        // 1: task id
        error = ExpectKey(1);
        if (error == CborError.None)
        {
            error = d.ReadText(ProtocolLimits.MaxId, out var taskId);
            if (error == CborError.None && !IdRules.IsValidId(taskId))
            {
                error = CborError.InvalidValue;
            }

            assignment.TaskId = taskId ?? string.Empty;
        }

        // 2: slot
        if (error == CborError.None && (error = ExpectKey(2)) == CborError.None)
        {
            error = d.ReadUInt32(out var slot);
            assignment.Slot = slot;
        }

        // 3: device id
        if (error == CborError.None && (error = ExpectKey(3)) == CborError.None)
        {
            error = d.ReadText(ProtocolLimits.MaxId, out var deviceId);
            if (error == CborError.None && !IdRules.IsValidId(deviceId))
            {
                error = CborError.InvalidValue;
            }

            assignment.DeviceId = deviceId ?? string.Empty;
        }

        // 4: kernel
        if (error == CborError.None && (error = ExpectKey(4)) == CborError.None)
        {
            error = ReadKernel(assignment);
        }

        // 5: params
        if (error == CborError.None && (error = ExpectKey(5)) == CborError.None)
        {
            var start = d.Position;
            var paramsError = ReadParams(assignment);
            if (paramsError != CborError.None)
            {
                // Well-formed but unfit parameters are answered with "bad params"; malformed CBOR is refused.
                d.Position = start;
                error = d.Skip();
                assignment.ParamsError = paramsError;
            }
        }

        // 6: op budget
        if (error == CborError.None && (error = ExpectKey(6)) == CborError.None)
        {
            error = d.ReadUInt32(out var budget);
            assignment.OpBudget = budget;
        }

        // 7: deadline
        if (error == CborError.None && (error = ExpectKey(7)) == CborError.None)
        {
            error = d.ReadUInt(out var deadline);
            assignment.Deadline = deadline;
        }

        if (error == CborError.None)
        {
            error = d.ReadEnd();
        }

        if (error != CborError.None)
        {
            return error;
        }

        assignment.Source = data;
        assignment.SourceOffset = offset;
        assignment.SourceLength = count;
        return CborError.None;
    }

    private int ExpectKey(ulong expected)
    {
        var error = _decoder.ReadUInt(out var key);
        if (error == CborError.WrongType)
        {
            return CborError.UnexpectedKey;
        }

        if (error != CborError.None)
        {
            return error;
        }

        return key == expected ? CborError.None : CborError.UnexpectedKey;
    }

    private int ReadKernel(TaskAssignment assignment)
    {
        var d = _decoder;
        var start = d.Position;
        var error = d.ReadTextRange(out var offset, out var length);
        if (error != CborError.None)
        {
            return error;
        }

        if (length > ProtocolLimits.MaxText)
        {
            return CborError.TooLong;
        }

        var data = d.Data;
        string? known = null;
        if (CborDecoder.AsciiEquals(data, offset, length, KernelNames.PowSha256))
        {
            known = KernelNames.PowSha256;
        }
        else if (CborDecoder.AsciiEquals(data, offset, length, KernelNames.McPi))
        {
            known = KernelNames.McPi;
        }
        else if (CborDecoder.AsciiEquals(data, offset, length, KernelNames.PrimesCount))
        {
            known = KernelNames.PrimesCount;
        }
        else if (CborDecoder.AsciiEquals(data, offset, length, KernelNames.StatsWindow))
        {
            known = KernelNames.StatsWindow;
        }

        if (known != null)
        {
            assignment.Kernel = known;
            assignment.KernelKnown = true;
            return CborError.None;
        }

        // Unknown kernel: keep its name for the result (status 3).
        d.Position = start;
        error = d.ReadText(ProtocolLimits.MaxText, out var name);
        assignment.Kernel = name ?? string.Empty;
        return error;
    }

    private int ReadParams(TaskAssignment assignment)
    {
        var d = _decoder;
        var error = d.ReadArrayHeader(out var items);
        if (error != CborError.None)
        {
            return error;
        }

        if (!assignment.KernelKnown)
        {
            // Any array is accepted; the result says "unknown kernel".
            for (var i = 0; i < items && error == CborError.None; i++)
            {
                error = d.Skip();
            }

            return error;
        }

        var kernel = assignment.Kernel;
        if (kernel == KernelNames.PowSha256)
        {
            return ReadPowParams(items, assignment);
        }

        if (kernel == KernelNames.McPi)
        {
            return ReadMcPiParams(items, assignment);
        }

        if (kernel == KernelNames.PrimesCount)
        {
            return ReadPrimesParams(items, assignment);
        }

        return ReadStatsParams(items, assignment);
    }

    private int ReadPowParams(int items, TaskAssignment assignment)
    {
        var d = _decoder;
        if (items != 4)
        {
            return CborError.InvalidValue;
        }

        var error = d.ReadBytes(out var prefixOffset, out var prefixLength);
        if (error != CborError.None)
        {
            return error;
        }

        if (prefixLength > ProtocolLimits.MaxPowPrefix)
        {
            return CborError.TooLong;
        }

        Array.Copy(d.Data, prefixOffset, assignment.Prefix, 0, prefixLength);
        assignment.PrefixLength = prefixLength;

        if ((error = d.ReadUInt(out var start)) != CborError.None)
        {
            return error;
        }

        if ((error = d.ReadUInt(out var count)) != CborError.None)
        {
            return error;
        }

        if ((error = d.ReadUInt(out var difficulty)) != CborError.None)
        {
            return error;
        }

        if (count < 1 || difficulty > 255)
        {
            return CborError.InvalidValue;
        }

        assignment.NonceStart = start;
        assignment.NonceCount = count;
        assignment.Difficulty = (int)difficulty;
        return CborError.None;
    }

    private int ReadMcPiParams(int items, TaskAssignment assignment)
    {
        var d = _decoder;
        if (items != 2)
        {
            return CborError.InvalidValue;
        }

        var error = d.ReadUInt(out var seed);
        if (error != CborError.None)
        {
            return error;
        }

        if ((error = d.ReadUInt(out var samples)) != CborError.None)
        {
            return error;
        }

        if (samples < 1)
        {
            return CborError.InvalidValue;
        }

        assignment.Seed = seed;
        assignment.Samples = samples;
        return CborError.None;
    }

    private int ReadPrimesParams(int items, TaskAssignment assignment)
    {
        var d = _decoder;
        if (items != 2)
        {
            return CborError.InvalidValue;
        }

        var error = d.ReadUInt(out var from);
        if (error != CborError.None)
        {
            return error;
        }

        if ((error = d.ReadUInt(out var to)) != CborError.None)
        {
            return error;
        }

        if (from >= to || to > PrimeCountKernel.MaxTo || to - from > PrimeCountKernel.MaxSpan)
        {
            return CborError.InvalidValue;
        }

        assignment.From = from;
        assignment.To = to;
        return CborError.None;
    }

    private int ReadStatsParams(int items, TaskAssignment assignment)
    {
        var d = _decoder;
        if (items != 1)
        {
            return CborError.InvalidValue;
        }

        var error = d.ReadArrayHeader(out var count);
        if (error != CborError.None)
        {
            return error;
        }

        if (count < 1 || count > ProtocolLimits.MaxStatsValues)
        {
            return CborError.InvalidValue;
        }

        // count <= remaining bytes < MaxAssignment, so the buffer always has room.
        var values = assignment.ValueBuffer();
        for (var i = 0; i < count; i++)
        {
            if ((error = d.ReadInt(out var value)) != CborError.None)
            {
                return error;
            }

            if (value < int.MinValue || value > int.MaxValue)
            {
                return CborError.Overflow;
            }

            values[i] = (int)value;
        }

        assignment.ValueCount = count;
        return CborError.None;
    }
}
