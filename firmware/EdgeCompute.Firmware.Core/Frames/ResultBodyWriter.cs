using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Writes the body of a result frame (type 3):
/// <c>{1: task id, 2: slot, 3: kernel, 4: status, 5: ops, 6: output}</c>, where the output array follows the
/// kernel's row of the spec's table and is empty unless the status is 0 (ok). Allocates nothing.
/// </summary>
public static class ResultBodyWriter
{
    /// <summary>Appends the result body of <paramref name="assignment"/> to <paramref name="output"/>.</summary>
    /// <param name="output">The encoder of the frame body.</param>
    /// <param name="assignment">The assignment that was run.</param>
    /// <param name="result">What the kernel produced.</param>
    public static void Write(CborEncoder output, TaskAssignment assignment, KernelOutput result)
    {
        if (assignment == null)
        {
            throw new ArgumentNullException(nameof(assignment));
        }

        Write(output, assignment.TaskId, assignment.Slot, assignment.Kernel, result);
    }

    /// <summary>Appends a result body to <paramref name="output"/>.</summary>
    /// <param name="output">The encoder of the frame body.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="slot">The replica slot.</param>
    /// <param name="kernel">The kernel name as the assignment gave it.</param>
    /// <param name="result">What the kernel produced.</param>
    public static void Write(CborEncoder output, string taskId, uint slot, string kernel, KernelOutput result)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (result == null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        output.WriteMapHeader(6);
        output.WriteUInt(1);
        output.WriteText(taskId);
        output.WriteUInt(2);
        output.WriteUInt(slot);
        output.WriteUInt(3);
        output.WriteText(kernel);
        output.WriteUInt(4);
        output.WriteUInt((ulong)result.Status);
        output.WriteUInt(5);
        output.WriteUInt(result.Ops < 0 ? 0UL : (ulong)result.Ops);
        output.WriteUInt(6);
        if (result.Status != KernelStatus.Ok)
        {
            output.WriteArrayHeader(0);
        }
        else if (kernel == KernelNames.PowSha256)
        {
            output.WriteArrayHeader(3);
            output.WriteBool(result.Found);
            output.WriteUInt(result.Nonce);
            output.WriteBytes(result.Digest, 0, result.Found ? result.DigestLength : 0);
        }
        else
        {
            // mc.pi [inside, samples], primes.count [count], stats.window [count, min, max, mean, var].
            var numbers = result.Numbers;
            output.WriteArrayHeader(result.NumberCount);
            for (var i = 0; i < result.NumberCount; i++)
            {
                output.WriteInt(numbers[i]);
            }
        }
    }
}
