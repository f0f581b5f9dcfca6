using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>Encodes and decodes <see cref="TaskResult"/>: <c>{1: task id, 2: slot, 3: kernel, 4: status, 5: ops, 6: output}</c>.</summary>
public static class TaskResultCodec
{
    private const string What = "task result";

    /// <summary>Encodes a result body.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The body bytes (at most <see cref="ProtocolLimits.MaxFrameBodyBytes"/>).</returns>
    /// <exception cref="ArgumentException">The result breaks the spec (ids, status/output pairing, sizes).</exception>
    public static byte[] Encode(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ProtocolId.Validate(result.TaskId, "task id");
        if (Check(result.Kernel, result.Status, result.Output) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(result));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(6);
        writer.WriteInt32(1);
        writer.WriteTextString(result.TaskId);
        writer.WriteInt32(2);
        writer.WriteUInt32(result.Slot);
        writer.WriteInt32(3);
        writer.WriteTextString(result.Kernel);
        writer.WriteInt32(4);
        writer.WriteInt32((int)result.Status);
        writer.WriteInt32(5);
        writer.WriteUInt64(result.Ops);
        writer.WriteInt32(6);
        if (result.Output is null)
        {
            writer.WriteStartArray(0);
            writer.WriteEndArray();
        }
        else
        {
            result.Output.Write(writer);
        }

        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxFrameBodyBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxFrameBodyBytes}", nameof(result));
    }

    /// <summary>Decodes a result body.</summary>
    /// <param name="body">The frame body.</param>
    /// <returns>The result, or why it was refused.</returns>
    public static DecodeResult<TaskResult> Decode(ReadOnlyMemory<byte> body) =>
        CborDecoding.Run(body, ProtocolLimits.MaxFrameBodyBytes, What, Read);

    private static string? Check(string kernel, TaskResultStatus status, KernelOutput? output)
    {
        if (!KernelNames.IsValid(kernel))
        {
            return $"kernel \"{kernel}\" does not match {KernelNames.Rule}";
        }

        if (status is < TaskResultStatus.Ok or > TaskResultStatus.DeadlinePassed)
        {
            return $"status {(int)status} is not 0 to 4";
        }

        if (status != TaskResultStatus.Ok)
        {
            return output is null ? null : $"status {status} carries no output";
        }

        var expected = kernel switch
        {
            KernelNames.PowSha256 => typeof(PowSha256Output),
            KernelNames.MonteCarloPi => typeof(MonteCarloPiOutput),
            KernelNames.PrimesCount => typeof(PrimesCountOutput),
            KernelNames.StatsWindow => typeof(StatsWindowOutput),
            _ => typeof(OpaqueKernelOutput),
        };
        return output is null ? "status Ok needs an output"
            : output.GetType() != expected ? $"kernel {kernel} outputs {expected.Name}, not {output.GetType().Name}"
            : output.Check();
    }

    private static TaskResult Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string taskId = "", kernel = "";
        uint slot = 0;
        ulong status = 0, ops = 0;
        KernelOutput? output = null;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: taskId = reader.ReadId("task id (key 1)"); break;
                case 2: slot = reader.ReadUInt32("slot (key 2)"); break;
                case 3: kernel = TaskAssignmentCodec.ReadKernel(reader, "kernel (key 3)"); break;
                case 4:
                    status = reader.ReadUInt("status (key 4)");
                    if (status > 4)
                    {
                        throw CborFields.Invalid("status (key 4)", $"{status} is not 0 to 4");
                    }

                    break;
                case 5: ops = reader.ReadUInt("ops (key 5)"); break;
                case 6:
                    keys.Require(3, "kernel");
                    keys.Require(4, "status");
                    output = ReadOutput(reader, kernel, (TaskResultStatus)status);
                    break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "task id");
        keys.Require(2, "slot");
        keys.Require(3, "kernel");
        keys.Require(4, "status");
        keys.Require(5, "ops");
        keys.Require(6, "output");
        return Check(kernel, (TaskResultStatus)status, output) is { } problem
            ? throw CborFields.Invalid(What, problem)
            : new TaskResult(taskId, slot, kernel, (TaskResultStatus)status, ops, output);
    }

    private static KernelOutput? ReadOutput(CborReader reader, string kernel, TaskResultStatus status)
    {
        const string Field = "output (key 6)";
        if (status != TaskResultStatus.Ok)
        {
            reader.ReadArray(Field, 0, 0);
            reader.ReadEndArray();
            return null;
        }

        KernelOutput output;
        switch (kernel)
        {
            case KernelNames.PowSha256:
                reader.ReadArray(Field, 3, 3);
                output = new PowSha256Output(reader.ReadBool($"{Field} found"), reader.ReadUInt($"{Field} nonce"), reader.ReadBytes($"{Field} digest", 32));
                break;
            case KernelNames.MonteCarloPi:
                reader.ReadArray(Field, 2, 2);
                output = new MonteCarloPiOutput(reader.ReadUInt($"{Field} inside"), reader.ReadUInt($"{Field} samples"));
                break;
            case KernelNames.PrimesCount:
                reader.ReadArray(Field, 1, 1);
                output = new PrimesCountOutput(reader.ReadUInt($"{Field} count"));
                break;
            case KernelNames.StatsWindow:
                reader.ReadArray(Field, 5, 5);
                output = new StatsWindowOutput(
                    reader.ReadUInt63($"{Field} count"),
                    reader.ReadInt($"{Field} min"),
                    reader.ReadInt($"{Field} max"),
                    reader.ReadInt($"{Field} mean"),
                    reader.ReadInt($"{Field} var"));
                break;
            default:
                var state = reader.PeekState();
                return state == CborReaderState.StartArray
                    ? new OpaqueKernelOutput(reader.ReadEncodedValue().ToArray())
                    : throw CborFields.WrongType(Field, "an array", state);
        }

        reader.ReadEndArray();
        return output;
    }
}
