using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// Encodes and decodes <see cref="TaskAssignment"/>: <c>{1: task id, 2: slot, 3: device id, 4: kernel, 5: params, 6: op budget, 7: deadline}</c>.
/// </summary>
public static class TaskAssignmentCodec
{
    private const string What = "task assignment";

    /// <summary>Encodes an assignment.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <returns>The exact bytes to issue, at most <see cref="ProtocolLimits.MaxTaskAssignmentBytes"/>.</returns>
    /// <exception cref="ArgumentException">An id, the params or the size break the spec.</exception>
    public static byte[] Encode(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(assignment.Parameters);
        ProtocolId.Validate(assignment.TaskId, "task id");
        ProtocolId.Validate(assignment.DeviceId, "device id");
        if (assignment.Parameters.Check() is { } problem)
        {
            throw new ArgumentException($"{What}: {assignment.Kernel}: {problem}", nameof(assignment));
        }

        if (assignment.DeadlineMs < 0)
        {
            throw new ArgumentException($"{What}: deadline must not be negative", nameof(assignment));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString(assignment.TaskId);
        writer.WriteInt32(2);
        writer.WriteUInt32(assignment.Slot);
        writer.WriteInt32(3);
        writer.WriteTextString(assignment.DeviceId);
        writer.WriteInt32(4);
        writer.WriteTextString(assignment.Kernel);
        writer.WriteInt32(5);
        assignment.Parameters.Write(writer);
        writer.WriteInt32(6);
        writer.WriteUInt32(assignment.OpBudget);
        writer.WriteInt32(7);
        writer.WriteInt64(assignment.DeadlineMs);
        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxTaskAssignmentBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxTaskAssignmentBytes}", nameof(assignment));
    }

    /// <summary>Decodes assignment bytes.</summary>
    /// <param name="bytes">The bytes as issued.</param>
    /// <returns>The assignment, or why it was refused.</returns>
    public static DecodeResult<TaskAssignment> Decode(ReadOnlyMemory<byte> bytes) =>
        CborDecoding.Run(bytes, ProtocolLimits.MaxTaskAssignmentBytes, What, Read);

    private static TaskAssignment Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string taskId = "", deviceId = "", kernel = "";
        uint slot = 0, budget = 0;
        long deadline = 0;
        KernelParameters? parameters = null;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: taskId = reader.ReadId("task id (key 1)"); break;
                case 2: slot = reader.ReadUInt32("slot (key 2)"); break;
                case 3: deviceId = reader.ReadId("device id (key 3)"); break;
                case 4: kernel = ReadKernel(reader, "kernel (key 4)"); break;
                case 5:
                    keys.Require(4, "kernel");
                    parameters = ReadParameters(reader, kernel);
                    break;
                case 6: budget = reader.ReadUInt32("op budget (key 6)"); break;
                case 7: deadline = reader.ReadUInt63("deadline (key 7)"); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "task id");
        keys.Require(2, "slot");
        keys.Require(3, "device id");
        keys.Require(4, "kernel");
        keys.Require(5, "params");
        keys.Require(6, "op budget");
        keys.Require(7, "deadline");
        return new TaskAssignment(taskId, slot, deviceId, parameters!, budget, deadline);
    }

    internal static string ReadKernel(CborReader reader, string field)
    {
        var kernel = reader.ReadText(field);
        return KernelNames.IsValid(kernel) ? kernel : throw CborFields.Invalid(field, $"\"{kernel}\" does not match {KernelNames.Rule}");
    }

    private static KernelParameters ReadParameters(CborReader reader, string kernel)
    {
        const string Field = "params (key 5)";
        KernelParameters parameters;
        switch (kernel)
        {
            case KernelNames.PowSha256:
                reader.ReadArray(Field, 4, 4);
                parameters = new PowSha256Parameters(
                    reader.ReadBytes($"{Field} prefix", PowSha256Parameters.MaxPrefixBytes),
                    reader.ReadUInt($"{Field} nonce start"),
                    reader.ReadUInt($"{Field} nonce count"),
                    (int)Math.Min(reader.ReadUInt($"{Field} difficulty"), int.MaxValue));
                reader.ReadEndArray();
                break;
            case KernelNames.MonteCarloPi:
                reader.ReadArray(Field, 2, 2);
                parameters = new MonteCarloPiParameters(reader.ReadUInt($"{Field} seed"), reader.ReadUInt($"{Field} samples"));
                reader.ReadEndArray();
                break;
            case KernelNames.PrimesCount:
                reader.ReadArray(Field, 2, 2);
                parameters = new PrimesCountParameters(reader.ReadUInt($"{Field} from"), reader.ReadUInt($"{Field} to"));
                reader.ReadEndArray();
                break;
            case KernelNames.StatsWindow:
                reader.ReadArray(Field, 1, 1);
                var count = reader.ReadArray($"{Field} values", 1, ProtocolLimits.MaxRawSamplesPerChannel);
                var values = new int[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = reader.ReadInt32($"{Field} value {i}");
                }

                reader.ReadEndArray();
                reader.ReadEndArray();
                parameters = new StatsWindowParameters(values);
                break;
            case KernelNames.Wasm:
                reader.ReadArray(Field, 5, 5);
                parameters = new WasmParameters(
                    reader.ReadBytes($"{Field} module sha256", WasmParameters.HashBytes),
                    reader.ReadBytes($"{Field} module", ProtocolLimits.MaxTaskAssignmentBytes),
                    reader.ReadBytes($"{Field} input", ProtocolLimits.MaxTaskAssignmentBytes),
                    reader.ReadUInt($"{Field} fuel"),
                    reader.ReadUInt($"{Field} memory bytes"));
                reader.ReadEndArray();
                break;
            case KernelNames.WasmBlob:
                reader.ReadArray(Field, WasmBlobParameters.Count, WasmBlobParameters.Count);
                parameters = new WasmBlobParameters(
                    reader.ReadBytes($"{Field} module sha256", WasmBlobParameters.HashBytes),
                    reader.ReadUInt($"{Field} module size"),
                    reader.ReadBytes($"{Field} input sha256", WasmBlobParameters.HashBytes),
                    reader.ReadUInt($"{Field} input size"),
                    reader.ReadBytes($"{Field} inline input", ProtocolLimits.MaxTaskAssignmentBytes),
                    reader.ReadUInt($"{Field} fuel"),
                    reader.ReadUInt($"{Field} memory bytes"));
                reader.ReadEndArray();
                break;
            default:
                var state = reader.PeekState();
                if (state != CborReaderState.StartArray)
                {
                    throw CborFields.WrongType(Field, "an array", state);
                }

                parameters = new OpaqueKernelParameters(kernel, reader.ReadEncodedValue().ToArray());
                break;
        }

        return parameters.Check() is { } problem ? throw CborFields.Invalid(Field, $"{kernel}: {problem}") : parameters;
    }
}
