using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Coordinator;

/// <summary>
/// The coordinator task signature (docs/protocol.md, "Coordinator task"): ECDSA P-256 with the coordinator key over
/// <c>"EC1T" || str8(gateway id) || str8(target) || u64be(issued) || bytes32(assignment)</c>.
/// </summary>
public static class CoordinatorTaskSignature
{
    /// <summary>The TBS domain tag.</summary>
    public const string DomainTag = "EC1T";

    /// <summary>Builds the bytes the signature covers.</summary>
    /// <param name="task">The task (its signature is ignored).</param>
    /// <returns>The TBS.</returns>
    /// <exception cref="ArgumentException">The task breaks the spec.</exception>
    public static byte[] BuildTbs(CoordinatorTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (CoordinatorTaskCodec.Check(task) is { } problem)
        {
            throw new ArgumentException($"coordinator task: {problem}", nameof(task));
        }

        return new TbsBuilder(DomainTag, 96 + task.Assignment.Length)
            .Str8(task.GatewayId).Str8(task.Target).U64((ulong)task.IssuedMs).Bytes32(task.Assignment.Span)
            .ToArray();
    }

    /// <summary>Signs a task with the coordinator's private key.</summary>
    /// <param name="task">The task; its current signature is replaced.</param>
    /// <param name="coordinatorKey">The coordinator's P-256 private key.</param>
    /// <returns>The signed task.</returns>
    public static CoordinatorTask Sign(CoordinatorTask task, ECDsa coordinatorKey) =>
        task with { Signature = P256Keys.Sign(coordinatorKey, BuildTbs(task)) };

    /// <summary>Verifies a task's signature.</summary>
    /// <param name="task">The decoded task.</param>
    /// <param name="coordinatorPublicKey">The coordinator's public key from the gateway file.</param>
    /// <returns>Whether the signature is valid.</returns>
    public static bool Verify(CoordinatorTask task, ECDsa coordinatorPublicKey)
    {
        ArgumentNullException.ThrowIfNull(task);
        return CoordinatorTaskCodec.Check(task) is null && P256Keys.Verify(coordinatorPublicKey, BuildTbs(task), task.Signature.Span);
    }

    /// <summary>Decodes and verifies a task received on <c>ec/v1/g/{gateway}/task</c>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="coordinatorPublicKey">The coordinator's public key.</param>
    /// <param name="expectedGatewayId">The receiving gateway's id; when given, the task must name it.</param>
    /// <returns>The verified task, or why it was refused (<see cref="DecodeErrorCode.BadSignature"/> for a forged one).</returns>
    public static DecodeResult<CoordinatorTask> Open(ReadOnlyMemory<byte> payload, ECDsa coordinatorPublicKey, string? expectedGatewayId = null)
    {
        ArgumentNullException.ThrowIfNull(coordinatorPublicKey);
        var decoded = CoordinatorTaskCodec.Decode(payload);
        if (!decoded.IsSuccess)
        {
            return decoded;
        }

        var task = decoded.Value;
        return expectedGatewayId is not null && task.GatewayId != expectedGatewayId
            ? DecodeResult<CoordinatorTask>.Failure(DecodeErrorCode.IdMismatch, $"coordinator task: names gateway \"{task.GatewayId}\", expected \"{expectedGatewayId}\"")
            : Verify(task, coordinatorPublicKey) ? decoded
            : DecodeResult<CoordinatorTask>.Failure(DecodeErrorCode.BadSignature, $"coordinator task for {task.GatewayId}: signature does not verify");
    }
}
