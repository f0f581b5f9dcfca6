using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// The bytes two results are compared by: the protocol encoding of the result body with the slot set to 0, so
/// replicas of one task compare kernel, status, ops and output exactly as the devices wrote them.
/// </summary>
public static class CanonicalResult
{
    /// <summary>Encodes the slot-independent part of a result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The canonical bytes.</returns>
    public static byte[] Encode(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return TaskResultCodec.Encode(result with { Slot = 0 });
    }

    /// <summary>Whether two results carry the same kernel, status, ops and output.</summary>
    /// <param name="left">One result.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether their canonical bytes are equal.</returns>
    public static bool Equal(TaskResult left, TaskResult right) =>
        Encode(left).AsSpan().SequenceEqual(Encode(right));
}
