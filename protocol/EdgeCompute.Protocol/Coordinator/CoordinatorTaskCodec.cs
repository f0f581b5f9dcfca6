using System.Formats.Cbor;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Coordinator;

/// <summary>
/// Encodes and decodes <see cref="CoordinatorTask"/>: <c>{1: gateway id, 2: target, 3: assignment, 4: issued, 5: signature}</c>.
/// The assignment stays as bytes; decode it with <see cref="TaskAssignmentCodec"/>.
/// </summary>
public static class CoordinatorTaskCodec
{
    private const string What = "coordinator task";

    /// <summary>Encodes a signed task.</summary>
    /// <param name="task">The task with its signature.</param>
    /// <returns>The payload, at most <see cref="ProtocolLimits.MaxCoordinatorTaskBytes"/>.</returns>
    /// <exception cref="ArgumentException">The task breaks the spec.</exception>
    public static byte[] Encode(CoordinatorTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (Check(task) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(task));
        }

        if (task.Signature.Length != GatewayBatch.SignatureLength)
        {
            throw new ArgumentException($"{What}: signature must be {GatewayBatch.SignatureLength} bytes; sign it first", nameof(task));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(5);
        writer.WriteInt32(1);
        writer.WriteTextString(task.GatewayId);
        writer.WriteInt32(2);
        writer.WriteTextString(task.Target);
        writer.WriteInt32(3);
        writer.WriteByteString(task.Assignment.Span);
        writer.WriteInt32(4);
        writer.WriteInt64(task.IssuedMs);
        writer.WriteInt32(5);
        writer.WriteByteString(task.Signature.Span);
        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxCoordinatorTaskBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxCoordinatorTaskBytes}", nameof(task));
    }

    /// <summary>Decodes a task (no signature check; see <see cref="CoordinatorTaskSignature.Open"/>).</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The task, or why it was refused.</returns>
    public static DecodeResult<CoordinatorTask> Decode(ReadOnlyMemory<byte> payload) =>
        CborDecoding.Run(payload, ProtocolLimits.MaxCoordinatorTaskBytes, What, Read);

    /// <summary>Checks the fields every task needs; returns a problem or null.</summary>
    internal static string? Check(CoordinatorTask task) =>
        !ProtocolId.IsValid(task.GatewayId) ? ProtocolId.Describe(task.GatewayId, "gateway id")
        : task.Target is null || (task.Target.Length > 0 && !ProtocolId.IsValid(task.Target)) ? ProtocolId.Describe(task.Target, "target device id") + " (or be empty for the gateway)"
        : task.Assignment.Length is 0 or > ProtocolLimits.MaxTaskAssignmentBytes ? $"assignment must be 1 to {ProtocolLimits.MaxTaskAssignmentBytes} bytes, found {task.Assignment.Length}"
        : task.IssuedMs < 0 ? "issued time must not be negative"
        : null;

    private static CoordinatorTask Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string gatewayId = "", target = "";
        byte[] assignment = [], signature = [];
        long issued = 0;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: gatewayId = reader.ReadId("gateway id (key 1)"); break;
                case 2:
                    target = reader.ReadText("target (key 2)");
                    if (target.Length > 0 && !ProtocolId.IsValid(target))
                    {
                        throw CborFields.Fail(DecodeErrorCode.InvalidId, ProtocolId.Describe(target, "target (key 2)"));
                    }

                    break;
                case 3: assignment = reader.ReadBytes("assignment (key 3)", ProtocolLimits.MaxTaskAssignmentBytes); break;
                case 4: issued = reader.ReadUInt63("issued (key 4)"); break;
                case 5: signature = reader.ReadBytesExact("signature (key 5)", GatewayBatch.SignatureLength); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "gateway id");
        keys.Require(2, "target");
        keys.Require(3, "assignment");
        keys.Require(4, "issued");
        keys.Require(5, "signature");
        var task = new CoordinatorTask(gatewayId, target, assignment, issued, signature);
        return Check(task) is { } problem ? throw CborFields.Invalid(What, problem) : task;
    }
}
