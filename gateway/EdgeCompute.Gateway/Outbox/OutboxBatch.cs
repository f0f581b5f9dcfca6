namespace EdgeCompute.Gateway.Outbox;

/// <summary>A batch stored in the outbox under its gateway seq, exactly as it is (re)sent until an ack names it.</summary>
/// <param name="Boot">The gateway boot the seq belongs to.</param>
/// <param name="Seq">The gateway seq.</param>
/// <param name="Message">The sealed, encoded batch message: the exact bytes of every send.</param>
/// <param name="ItemCount">The items it carries.</param>
/// <param name="LastSentAt">When it was last sent, or null when never.</param>
/// <param name="Attempts">How many times it was sent.</param>
public sealed record OutboxBatch(uint Boot, ulong Seq, ReadOnlyMemory<byte> Message, int ItemCount, DateTimeOffset? LastSentAt, int Attempts);
